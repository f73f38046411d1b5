package usersig

import (
	"crypto/hmac"
	"encoding/binary"
	"strconv"
	"time"
)

// The fast path of HMAC verification. It accepts exactly the UserSigs
// that the general path accepts and that have the layout this package and
// the official Go library write at NoCompression:
//
//	78 01 | 00 nl nh ^nl ^nh | JSON | 01 00 00 ff ff | Adler-32
//
// with JSON = {"TLS.ver":"2.0","TLS.identifier":"<userID>",
// "TLS.sdkappid":<app>,"TLS.expire":N,"TLS.time":N,"TLS.sig":"…"}
// followed by whitespace, for the very userID and app being checked.
// Instead of parsing, it compares the stream with the bytes expected up to
// TLS.expire, scans the rest of the fixed layout and computes the
// Adler-32 of the fixed runs in constant time. Anything else, and every
// failure, goes to the general path, which gives the error.

// fastVerify holds the per-verifier constants of the fast path.
type fastVerify struct {
	stsMid     []byte    // "\nTLS.sdkappid:<app>\nTLS.time:"
	jsonMid    []byte    // `","TLS.sdkappid":<app>,"TLS.expire":`
	jsonMidSum adlerTerm // of jsonMid
}

func newFastVerify(sdkAppID uint64) fastVerify {
	f := newFastSign(strconv.AppendUint(nil, sdkAppID, 10))
	return fastVerify{stsMid: f.stsMid, jsonMid: f.jsonMid, jsonMidSum: f.jsonMidSum}
}

// fastVerifyMaxSig bounds the UserSigs of the fast path.
const fastVerifyMaxSig = 1024

// verifyHMACFast returns the claims of sig and true when it is a valid
// UserSig without a userbuf for userID at now, laid out as above; false
// means: use the general path.
func (v *Verifier) verifyHMACFast(ds *decodeState, sig, userID string, now time.Time) (Token, bool) {
	if len(sig) > fastVerifyMaxSig || !fastPlain(userID) {
		return Token{}, false
	}
	// The stream head is fixed but for the block length (bytes 3-6), so
	// its base64 is compared as it is but for characters 4-11.
	const headB64 = len(fastHeadB64)
	if len(sig) < headB64+24 || len(sig)%4 != 0 || sig[:4] != string(fastHeadB64[:4]) || sig[12:headB64] != string(fastHeadB64[12:]) {
		return Token{}, false
	}
	need := len(sig)/4*3 + 2
	if cap(ds.bin) < need {
		ds.bin = make([]byte, need, max(need, 512))
	}
	z := ds.bin[:cap(ds.bin)]
	if _, ok := decodeTencentFast(z[3:], sig[4:12]); !ok {
		return Token{}, false
	}
	n, ok := decodeTencentFast(z[fastHeadLen:], sig[headB64:])
	if !ok {
		return Token{}, false
	}
	z = z[:fastHeadLen+n]
	// The envelope: zlib header, one non-final stored block holding the
	// JSON, an empty final block and the checksum, nothing else.
	jl := int(binary.LittleEndian.Uint16(z[3:5]))
	if uint16(jl) != ^binary.LittleEndian.Uint16(z[5:7]) || 7+jl+9 != len(z) || string(z[7:9]) != fastJSONHead[:2] {
		return Token{}, false
	}
	if tail := z[7+jl:]; tail[0] != 1 || tail[1] != 0 || tail[2] != 0 || tail[3] != 0xff || tail[4] != 0xff {
		return Token{}, false
	}
	want := binary.BigEndian.Uint32(z[len(z)-4:])
	j := z[7 : 7+jl]

	// The JSON up to TLS.expire's value is known.
	mid := v.fast.jsonMid
	i := len(fastJSONHead) + len(userID) + len(mid)
	if len(j) < i || string(j[len(fastJSONHead):len(fastJSONHead)+len(userID)]) != userID ||
		string(j[len(fastJSONHead)+len(userID):i]) != string(mid) {
		return Token{}, false
	}
	expireRaw, expire, i, ok := fastDigits(j, i)
	if !ok || len(j)-i < len(fastTimeKey) || string(j[i:i+len(fastTimeKey)]) != fastTimeKey {
		return Token{}, false
	}
	timeRaw, issued, i, ok := fastDigits(j, i+len(fastTimeKey))
	if !ok || len(j)-i < len(fastSigKey) || string(j[i:i+len(fastSigKey)]) != fastSigKey {
		return Token{}, false
	}
	sigStart := i + len(fastSigKey)
	mac, i, ok := plainString(j, sigStart)
	if !ok || i >= len(j) || j[i] != '}' {
		return Token{}, false
	}
	rest := j[i:]
	for _, c := range rest[1:] {
		if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			return Token{}, false
		}
	}

	// The checksum: the fixed runs in constant time, the rest eight bytes
	// at a time. The JSON is below 1 KiB, so the unreduced sums stay far
	// below 2^64.
	const mod = 65521
	s1, s2 := uint64(fastHeadAdler&0xffff), uint64(fastHeadAdler>>16)
	s1, s2 = adlerBytes(s1, s2, []byte(userID))
	s1, s2 = v.fast.jsonMidSum.add(s1, s2)
	s1, s2 = adlerBytes(s1, s2, expireRaw)
	s1, s2 = fastTimeKeySum.add(s1, s2)
	s1, s2 = adlerBytes(s1, s2, timeRaw)
	s1, s2 = fastSigKeySum.add(s1, s2)
	s1, s2 = adlerWords(s1, s2, j[sigStart:])
	if uint32(s2%mod)<<16|uint32(s1%mod) != want {
		return Token{}, false
	}

	if now.Unix() > int64(issued+expire) {
		return Token{}, false
	}

	sts := append(ds.sts[:0], stsHead...)
	sts = append(sts, userID...)
	sts = append(sts, v.fast.stsMid...)
	sts = append(sts, timeRaw...)
	sts = append(sts, "\nTLS.expire:"...)
	sts = append(sts, expireRaw...)
	sts = append(sts, '\n')
	ds.sts = ds.mac.sum(&ds.sum, sts)
	var b64 [44]byte
	encodeMAC(&b64, &ds.sum)
	if !hmac.Equal(b64[:], mac) {
		return Token{}, false
	}
	return Token{
		SDKAppID: v.sdkAppID,
		UserID:   userID,
		IssuedAt: time.Unix(int64(issued), 0),
		TTL:      time.Duration(expire) * time.Second,
	}, true
}

// fastDigits scans a JSON integer without sign, fraction or exponent at
// i (at least one digit, no leading zero) of at most maxSeconds, and
// returns its text and value.
func fastDigits(b []byte, i int) (raw []byte, val uint64, next int, ok bool) {
	start := i
	for i < len(b) && b[i]-'0' <= 9 && i-start < 19 {
		val = val*10 + uint64(b[i]-'0')
		i++
	}
	if i == start || (b[start] == '0' && i-start > 1) || val > maxSeconds {
		return nil, 0, 0, false
	}
	return b[start:i:i], val, i, true
}
