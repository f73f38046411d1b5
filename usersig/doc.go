// Package usersig issues and verifies Tencent Cloud IM / TRTC UserSigs.
package usersig
