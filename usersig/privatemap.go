package usersig

import (
	"encoding/binary"
	"strconv"
	"strings"
	"time"
)

// Privilege is a bit set of TRTC room privileges carried by a
// PrivateMapKey.
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
	// Privileges is the privilege bit set (GenPrivateMapKey's
	// privilegeMap).
	Privileges Privilege
}

// UserBuf returns the PrivateMap buffer the official libraries put in a
// PrivateMapKey's TLS.userbuf, byte for byte: version, UserID, SDKAppID,
// room, expiry (unix seconds, truncated to 32 bits), privileges, account
// type 0 and, for string rooms, the room string. It does not validate its
// input; SignPrivateMapKey does.
func (p PrivateMap) UserBuf(sdkAppID uint64, userID string, expiresAt time.Time) []byte {
	n := 3 + len(userID) + 20
	if p.RoomStr != "" {
		n += 2 + len(p.RoomStr)
	}
	b := make([]byte, 0, n)
	if p.RoomStr != "" {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.BigEndian.AppendUint16(b, uint16(len(userID)))
	b = append(b, userID...)
	b = binary.BigEndian.AppendUint32(b, uint32(sdkAppID))
	b = binary.BigEndian.AppendUint32(b, p.RoomID)
	b = binary.BigEndian.AppendUint32(b, uint32(expiresAt.Unix()))
	b = binary.BigEndian.AppendUint32(b, uint32(p.Privileges))
	b = binary.BigEndian.AppendUint32(b, 0)
	if p.RoomStr != "" {
		b = binary.BigEndian.AppendUint16(b, uint16(len(p.RoomStr)))
		b = append(b, p.RoomStr...)
	}
	return b
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
	bad := func(what string) (PrivateMapInfo, error) {
		return PrivateMapInfo{}, errorf(ErrMalformed, "invalid PrivateMap buffer: %s", what)
	}
	if len(buf) < 3 {
		return bad("too short")
	}
	version := buf[0]
	if version > 1 {
		return bad("unknown version " + strconv.Itoa(int(version)))
	}
	ulen := int(binary.BigEndian.Uint16(buf[1:]))
	rest := buf[3:]
	if len(rest) < ulen+20 {
		return bad("too short")
	}
	var info PrivateMapInfo
	info.UserID = string(rest[:ulen])
	rest = rest[ulen:]
	info.SDKAppID = uint64(binary.BigEndian.Uint32(rest))
	info.RoomID = binary.BigEndian.Uint32(rest[4:])
	info.ExpiresAt = time.Unix(int64(binary.BigEndian.Uint32(rest[8:])), 0)
	info.Privileges = Privilege(binary.BigEndian.Uint32(rest[12:]))
	info.AccountType = binary.BigEndian.Uint32(rest[16:])
	rest = rest[20:]
	if version == 1 {
		if len(rest) < 2 {
			return bad("string room length missing")
		}
		rlen := int(binary.BigEndian.Uint16(rest))
		rest = rest[2:]
		if len(rest) < rlen {
			return bad("string room truncated")
		}
		info.RoomStr = string(rest[:rlen])
		rest = rest[rlen:]
	}
	if len(rest) != 0 {
		return bad("unexpected trailing bytes")
	}
	return info, nil
}
