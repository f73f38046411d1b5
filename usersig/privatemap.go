package usersig

import (
	"bytes"
	"encoding/binary"
	"io"
	"strconv"
	"strings"
	"time"
)

// Privilege is a bit set of the TRTC room privileges of a PrivateMapKey.
type Privilege uint32

// TRTC room privileges.
const (
	PrivCreateRoom   Privilege = 1 << iota // create the room
	PrivEnterRoom                          // enter the room
	PrivSendAudio                          // send audio
	PrivRecvAudio                          // receive audio
	PrivSendVideo                          // send video
	PrivRecvVideo                          // receive video
	PrivSendSubVideo                       // send the sub-stream (screen sharing)
	PrivRecvSubVideo                       // receive the sub-stream (128; the official docs' "200" is a typo)

	// PrivAll grants every privilege (255).
	PrivAll Privilege = 255
)

var privilegeNames = [...]string{"create-room", "enter-room", "send-audio", "recv-audio", "send-video", "recv-video", "send-sub-video", "recv-sub-video"}

// String lists the privileges joined with "|", for example
// "enter-room|recv-audio|recv-video" for 42; unknown bits are shown in hex.
func (p Privilege) String() string {
	if p == 0 {
		return "none"
	}
	var parts []string
	for i, name := range privilegeNames {
		if p&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	if rest := p &^ PrivAll; rest != 0 {
		parts = append(parts, "0x"+strconv.FormatUint(uint64(rest), 16))
	}
	return strings.Join(parts, "|")
}

// PrivateMap describes the TRTC room a PrivateMapKey grants access to:
// either a numeric RoomID or a string RoomStr, and the privileges.
type PrivateMap struct {
	// RoomID is the numeric room (GenPrivateMapKey's roomid).
	RoomID uint32
	// RoomStr is the string room (GenPrivateMapKeyWithStringRoomID); when
	// set, the buffer has version 1.
	RoomStr string
	// Privileges is the bit set (GenPrivateMapKey's privilegeMap).
	Privileges Privilege
}

// UserBuf returns the PrivateMap buffer the official libraries put in a
// PrivateMapKey's TLS.userbuf, byte for byte: version, UserID, SDKAppID,
// room, expiry (unix seconds, truncated to 32 bits), privileges, account
// type 0 and, for string rooms, the room string. It does not validate its
// input; SignPrivateMapKey does.
func (p PrivateMap) UserBuf(sdkAppID uint64, userID string, expiresAt time.Time) []byte {
	b := []byte{0}
	if p.RoomStr != "" {
		b[0] = 1
	}
	b = append(binary.BigEndian.AppendUint16(b, uint16(len(userID))), userID...)
	b, _ = binary.Append(b, binary.BigEndian, privateMapFixed{uint32(sdkAppID), p.RoomID, uint32(expiresAt.Unix()), uint32(p.Privileges), 0}) // fixed-size fields
	if p.RoomStr != "" {
		b = append(binary.BigEndian.AppendUint16(b, uint16(len(p.RoomStr))), p.RoomStr...)
	}
	return b
}

// privateMapFixed is the fixed-size part of a PrivateMap buffer.
type privateMapFixed struct {
	SDKAppID, RoomID, ExpiresAt, Privileges, AccountType uint32
}

// PrivateMapInfo is the decoded content of a PrivateMap buffer.
type PrivateMapInfo struct {
	PrivateMap
	// UserID is the user the buffer was issued to.
	UserID string
	// SDKAppID is the app the buffer was issued for.
	SDKAppID uint64
	// ExpiresAt is the expiry written in the buffer (whole seconds).
	ExpiresAt time.Time
	// AccountType is the account type field, always 0 in practice.
	AccountType uint32
}

// ParsePrivateMap decodes a PrivateMap buffer (see PrivateMap.UserBuf).
// Errors wrap ErrMalformed.
func ParsePrivateMap(buf []byte) (PrivateMapInfo, error) {
	var info PrivateMapInfo
	var f privateMapFixed
	r := bytes.NewBuffer(buf)
	version, err := r.ReadByte()
	if err == nil {
		err = readString16(r, &info.UserID)
	}
	if err == nil {
		err = binary.Read(r, binary.BigEndian, &f)
	}
	if err == nil && version == 1 {
		err = readString16(r, &info.RoomStr)
	}
	if err != nil || version > 1 || r.Len() != 0 {
		return PrivateMapInfo{}, errorf(ErrMalformed, "invalid PrivateMap buffer: truncated, of an unknown version or with trailing bytes")
	}
	info.SDKAppID, info.RoomID, info.Privileges, info.AccountType = uint64(f.SDKAppID), f.RoomID, Privilege(f.Privileges), f.AccountType
	info.ExpiresAt = time.Unix(int64(f.ExpiresAt), 0)
	return info, nil
}

// readString16 reads a string prefixed with its 16-bit length into s.
func readString16(r *bytes.Buffer, s *string) error {
	var n uint16
	if err := binary.Read(r, binary.BigEndian, &n); err != nil || int(n) > r.Len() {
		return io.ErrUnexpectedEOF
	}
	*s = string(r.Next(int(n)))
	return nil
}
