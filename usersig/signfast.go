package usersig

import (
	"encoding/binary"
	"unsafe"
)

// The fast path of HMAC signing at NoCompression, for a UserID that
// encoding/json writes as it is and a UserSig without a userbuf (every
// login UserSig of a usual UserID). It produces the same bytes as the
// general path (the tests compare them): the zlib stream
//
//	78 01 | 00 nl nh ^nl ^nh | JSON | 01 00 00 ff ff | Adler-32
//
// with JSON = {"TLS.ver":"2.0","TLS.identifier":"<id>","TLS.sdkappid":<app>,
// "TLS.expire":<ttl>,"TLS.time":<issued>,"TLS.sig":"<mac>"}\n
// and its Tencent base64. The first 42 stream bytes but the stored-block
// length (bytes 3-6) never change, so their base64 (but the 8 characters
// of bytes 3-8) and the Adler-32 of the JSON's first 35 bytes are
// constants.

const (
	// fastJSONHead is the JSON up to the UserID, with its opening quote.
	fastJSONHead = `{"TLS.ver":"2.0","TLS.identifier":"`
	// fastHeadLen is the length of the stream before the UserID: the
	// 2-byte zlib header, the 5-byte stored-block header and fastJSONHead.
	fastHeadLen = 7 + len(fastJSONHead)
	// fastMaxUserID bounds the UserIDs of the fast path (Tencent allows 32
	// bytes).
	fastMaxUserID = 64
	// fastSTSCap and fastZCap hold the string to sign and the zlib stream
	// of any fast-path UserSig, with slack.
	fastSTSCap = 192
	fastZCap   = 320
	stsHead    = "TLS.identifier:"
)

// The head of the stream is a whole number of base64 quanta.
var _ = [1]struct{}{}[fastHeadLen%3]

// fastHead is the constant part of the stream head (bytes 3-6 are zero
// here), fastHeadB64 the Tencent base64 of all of it (characters 4-11
// depend on the block length) and fastHeadAdler the Adler-32 of
// fastJSONHead.
var (
	fastHead = func() (h [fastHeadLen]byte) {
		h[0], h[1] = 0x78, 0x01
		copy(h[7:], fastJSONHead)
		return h
	}()
	fastHeadB64 = func() (b [fastHeadLen / 3 * 4]byte) {
		encodeTencentTo(b[:], fastHead[:])
		return b
	}()
	fastHeadAdler = adler32Sum([]byte(fastJSONHead))
)

// plainID marks the bytes of a UserID that the fast path takes as they
// are: printable ASCII that encoding/json does not escape (and that
// checkUserID accepts).
var plainID = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// encStdPairs maps 12 bits to two standard base64 characters (first in
// the low byte).
var encStdPairs = func() (t [4096]uint16) {
	const std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := range t {
		t[i] = uint16(std[i>>6]) | uint16(std[i&63])<<8
	}
	return t
}()

// encodeMAC writes the padded standard base64 of a SHA-256 sum (44
// characters) to dst.
func encodeMAC(dst *[44]byte, mac *[32]byte) {
	for i := 0; i < 10; i++ {
		s := mac[3*i : 3*i+3 : 3*i+3]
		x := uint32(s[0])<<16 | uint32(s[1])<<8 | uint32(s[2])
		binary.LittleEndian.PutUint32(dst[4*i:4*i+4], uint32(encStdPairs[x>>12])|uint32(encStdPairs[x&0xfff])<<16)
	}
	x := uint32(mac[30])<<16 | uint32(mac[31])<<8
	binary.LittleEndian.PutUint32(dst[40:44], uint32(encStdPairs[x>>12])|uint32(encStdPairs[x&0xfff]&0xff)<<16|'='<<24)
}

// fastSign holds the per-signer constants of the fast path.
type fastSign struct {
	stsMid     []byte    // "\nTLS.sdkappid:<app>\nTLS.time:"
	jsonMid    []byte    // `","TLS.sdkappid":<app>,"TLS.expire":`
	jsonMidSum adlerTerm // of jsonMid
}

func newFastSign(appDec []byte) fastSign {
	f := fastSign{
		stsMid:  append(append([]byte("\nTLS.sdkappid:"), appDec...), "\nTLS.time:"...),
		jsonMid: append(append([]byte(`","TLS.sdkappid":`), appDec...), `,"TLS.expire":`...),
	}
	f.jsonMidSum = adlerTermOf(f.jsonMid)
	return f
}

// adlerTerm is what a fixed run of n bytes c_0..c_{n-1} adds to the
// Adler-32 sums wherever it occurs: s1 grows by s = sum c_k and s2 by
// n*s1 + w, with w = sum (n-k)*c_k.
type adlerTerm struct{ n, s, w uint64 }

func adlerTermOf(b []byte) adlerTerm {
	t := adlerTerm{n: uint64(len(b))}
	for k, c := range b {
		t.s += uint64(c)
		t.w += uint64(len(b)-k) * uint64(c)
	}
	return t
}

// add appends the run to the (unreduced) sums.
func (t adlerTerm) add(s1, s2 uint64) (uint64, uint64) {
	return s1 + t.s, s2 + t.n*s1 + t.w
}

// adlerBytes appends b to the (unreduced) sums, one byte at a time.
func adlerBytes(s1, s2 uint64, b []byte) (uint64, uint64) {
	for _, c := range b {
		s1 += uint64(c)
		s2 += s1
	}
	return s1, s2
}

// The fixed runs of the fast path's JSON after the UserID and the
// per-signer jsonMid.
const (
	fastTimeKey = `,"TLS.time":`
	fastSigKey  = `,"TLS.sig":"`
	fastTail    = "\"}\n"
)

var (
	fastTimeKeySum = adlerTermOf([]byte(fastTimeKey))
	fastSigKeySum  = adlerTermOf([]byte(fastSigKey))
	fastTailSum    = adlerTermOf([]byte(fastTail))
)

// fastBuf is the fast path's part of a pooled hmacState. The constant
// heads are written once, when the state is made.
type fastBuf struct {
	sts [fastSTSCap]byte
	z   [fastZCap]byte
}

func (b *fastBuf) init() {
	copy(b.sts[:], stsHead)
	copy(b.z[:], fastHead[:])
}

// fastPlain reports whether the fast path can sign for userID.
func fastPlain(userID string) bool {
	if len(userID) == 0 || len(userID) > fastMaxUserID {
		return false
	}
	for i := 0; i < len(userID); i++ {
		if !plainID[userID[i]] {
			return false
		}
	}
	return true
}

// formatDec writes the decimal digits of v at the end of b and returns
// them. The low eight digits are formed as two independent groups of
// four.
func formatDec(b *[20]byte, v uint64) []byte {
	hi, lo := v/1e8, uint32(v%1e8)
	put4(b[12:16], lo/1e4)
	put4(b[16:20], lo%1e4)
	i := 12
	for ; hi > 0; hi /= 10 {
		i--
		b[i] = byte('0' + hi%10)
	}
	if i == 12 {
		for i < 19 && b[i] == '0' {
			i++
		}
	}
	return b[i:]
}

// put4 writes the four decimal digits of v < 10000 to d.
func put4(d []byte, v uint32) {
	q, r := v/100, v%100
	_ = d[3]
	d[0], d[1], d[2], d[3] = digitPairs[2*q], digitPairs[2*q+1], digitPairs[2*r], digitPairs[2*r+1]
}

const digitPairs = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// signHMACFast signs on the fast path; userID satisfies fastPlain and
// issued and ttl are checked.
func (s *Signer) signHMACFast(hs *hmacState, userID string, issued, ttl int64) string {
	fb := &hs.fast
	var nums [2][20]byte
	issuedDec := formatDec(&nums[0], uint64(issued))
	ttlDec := formatDec(&nums[1], uint64(ttl))

	sts := append(fb.sts[:len(stsHead)], userID...)
	sts = append(sts, s.fast.stsMid...)
	sts = append(sts, issuedDec...)
	sts = append(sts, "\nTLS.expire:"...)
	sts = append(sts, ttlDec...)
	sts = append(sts, '\n')
	hs.h.Reset()
	hs.h.Write(sts)
	hs.h.Sum(hs.sum[:0])

	z := append(fb.z[:fastHeadLen], userID...)
	z = append(z, s.fast.jsonMid...)
	z = append(z, ttlDec...)
	z = append(z, fastTimeKey...)
	z = append(z, issuedDec...)
	z = append(z, fastSigKey...)
	var mac [44]byte
	encodeMAC(&mac, &hs.sum)
	z = append(z, mac[:]...)
	z = append(z, fastTail...)
	n := len(z) - 7
	z[3], z[4], z[5], z[6] = byte(n), byte(n>>8), ^byte(n), ^byte(n>>8)

	// The Adler-32 of the JSON: the fixed runs in constant time, the
	// rest byte by byte (the MAC eight bytes at a time). The sums stay
	// far below 2^64 before the reduction.
	const mod = 65521
	s1, s2 := uint64(fastHeadAdler&0xffff), uint64(fastHeadAdler>>16)
	s1, s2 = adlerBytes(s1, s2, []byte(userID))
	s1, s2 = s.fast.jsonMidSum.add(s1, s2)
	s1, s2 = adlerBytes(s1, s2, ttlDec)
	s1, s2 = fastTimeKeySum.add(s1, s2)
	s1, s2 = adlerBytes(s1, s2, issuedDec)
	s1, s2 = fastSigKeySum.add(s1, s2)
	sum := adler32From(uint32(s2%mod)<<16|uint32(s1%mod), mac[:])
	s1, s2 = fastTailSum.add(uint64(sum&0xffff), uint64(sum>>16))
	sum = uint32(s2%mod)<<16 | uint32(s1%mod)
	z = append(z, 1, 0, 0, 0xff, 0xff)
	z = binary.BigEndian.AppendUint32(z, sum)

	out := make([]byte, (len(z)+2)/3*4)
	copy(out, fastHeadB64[:])
	encodeTencentTo(out[4:12], z[3:9])
	encodeTencentTo(out[len(fastHeadB64):], z[fastHeadLen:])
	return unsafe.String(&out[0], len(out))
}
