package usersig

import (
	"encoding/binary"
	"math/bits"
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
	// fastSTSCap holds the string to sign of any fast-path UserSig (at
	// most 146 bytes, and the 16-byte windows written past its pieces)
	// and the HMAC's padding; fastZCap holds its zlib stream, with slack.
	fastSTSCap = 152 + hmacPadRoom
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
	// The same in fixed-size arrays, copied whole (the bytes past the
	// fragment are overwritten next).
	stsMidArr  [40]byte
	jsonMidArr [48]byte
}

func newFastSign(appDec []byte) fastSign {
	f := fastSign{
		stsMid:  append(append([]byte("\nTLS.sdkappid:"), appDec...), "\nTLS.time:"...),
		jsonMid: append(append([]byte(`","TLS.sdkappid":`), appDec...), `,"TLS.expire":`...),
	}
	f.jsonMidSum = adlerTermOf(f.jsonMid)
	copy(f.stsMidArr[:], f.stsMid)
	copy(f.jsonMidArr[:], f.jsonMid)
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

// adlerWords appends b (at most a few KiB) to the (unreduced) sums, eight
// bytes at a time in 16-bit lanes, without reducing.
func adlerWords(s1, s2 uint64, b []byte) (uint64, uint64) {
	const lanes = 0x00ff00ff00ff00ff
	for ; len(b) >= 8; b = b[8:] {
		x := binary.LittleEndian.Uint64(b)
		e, o := x&lanes, x>>8&lanes
		s2 += 8*s1 + (e*0x0008000600040002+o*0x0007000500030001)>>48
		s1 += ((e + o) * 0x0001000100010001) >> 48
	}
	return adlerBytes(s1, s2, b)
}

// adlerDigits appends the n digits of a decWindow (the low eight in w)
// to the (unreduced) sums: those above the low eight byte by byte, the
// rest as one word whose missing bytes are zeros; each zero adds s1 to
// s2, taken off again.
func adlerDigits(s1, s2 uint64, win *[16]byte, n int, w uint64) (uint64, uint64) {
	const lanes = 0x00ff00ff00ff00ff
	if n > 8 {
		s1, s2 = adlerBytes(s1, s2, win[:n-8])
		n = 8
	}
	x := w >> (8 * (8 - n))
	e, o := x&lanes, x>>8&lanes
	s2 += 8*s1 + (e*0x0008000600040002+o*0x0007000500030001)>>48
	s1 += ((e + o) * 0x0001000100010001) >> 48
	return s1, s2 - uint64(8-n)*s1
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

// eightDigits returns the eight ASCII digits of x < 10^8, the first in the
// low byte, computed in 32-bit, then 16-bit lanes.
func eightDigits(x uint32) uint64 {
	hi := x / 10000
	v := uint64(hi) | uint64(x-hi*10000)<<32
	q := (v * 10486 >> 20) & 0x0000007f0000007f // n/100 for n < 10^4
	v = q | (v-q*100)<<16
	q = (v * 103 >> 10) & 0x000f000f000f000f // n/10 for n < 100
	v = q | (v-q*10)<<8
	return v | 0x3030303030303030
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

// Fixed runs as arrays, for copies the compiler inlines.
var (
	fastTimeKeyArr  = [len(fastTimeKey)]byte([]byte(fastTimeKey))
	fastSigKeyArr   = [len(fastSigKey)]byte([]byte(fastSigKey))
	stsExpireKeyArr = [len(stsExpireKey)]byte([]byte(stsExpireKey))
)

const stsExpireKey = "\nTLS.expire:"

// decWindow writes the decimal digits of v <= maxSeconds (at most 10),
// given as top = v / 10^8 and w = eightDigits(v % 10^8), so that they end
// at b[20], and returns their number: b[20-n:] then starts with them and
// holds 16 bytes or more.
func decWindow(b *[40]byte, top, w uint64) int {
	binary.LittleEndian.PutUint64(b[12:20], w)
	if top > 0 {
		b[10], b[11] = digitPairs[2*top], digitPairs[2*top+1]
		if top < 10 {
			return 9
		}
		return 10
	}
	return 8 - min(bits.TrailingZeros64(w^0x3030303030303030)/8, 7)
}

// signHMACFast signs on the fast path; userID satisfies fastPlain and
// issued and ttl are checked (positive, at most maxSeconds). Fixed-size
// pieces are written as whole arrays and variable ones through 16-byte
// windows, past their end where the next piece then goes: the buffers
// have room for it.
func (s *Signer) signHMACFast(hs *hmacState, userID string, issued, ttl int64) string {
	fb := &hs.fast
	var nb [2][40]byte
	// Both numbers at once: their digit computations are independent.
	it, tt := uint64(issued)/1e8, uint64(ttl)/1e8
	iw := eightDigits(uint32(uint64(issued) - it*1e8))
	tw := eightDigits(uint32(uint64(ttl) - tt*1e8))
	issuedN := decWindow(&nb[0], it, iw)
	ttlN := decWindow(&nb[1], tt, tw)
	issuedWin := (*[16]byte)(nb[0][20-issuedN:])
	ttlWin := (*[16]byte)(nb[1][20-ttlN:])

	st := fb.sts[:]
	k := len(stsHead) + copy(st[len(stsHead):], userID)
	*(*[40]byte)(st[k:]) = s.fast.stsMidArr
	k += len(s.fast.stsMid)
	*(*[16]byte)(st[k:]) = *issuedWin
	k += issuedN
	*(*[len(stsExpireKey)]byte)(st[k:]) = stsExpireKeyArr
	k += len(stsExpireKey)
	*(*[16]byte)(st[k:]) = *ttlWin
	k += ttlN
	st[k] = '\n'
	hs.mac.sum(&hs.sum, st[:k+1])

	z := fb.z[:]
	// The UserID again, from the string to sign: one fixed-size copy.
	*(*[fastMaxUserID]byte)(z[fastHeadLen:]) = *(*[fastMaxUserID]byte)(st[len(stsHead):])
	k = fastHeadLen + len(userID)
	*(*[48]byte)(z[k:]) = s.fast.jsonMidArr
	k += len(s.fast.jsonMid)
	*(*[16]byte)(z[k:]) = *ttlWin
	k += ttlN
	*(*[len(fastTimeKey)]byte)(z[k:]) = fastTimeKeyArr
	k += len(fastTimeKey)
	*(*[16]byte)(z[k:]) = *issuedWin
	k += issuedN
	*(*[len(fastSigKey)]byte)(z[k:]) = fastSigKeyArr
	k += len(fastSigKey)
	macAt := k
	encodeMAC((*[44]byte)(z[k:]), &hs.sum)
	k += 44
	z[k], z[k+1], z[k+2] = '"', '}', '\n'
	k += 3
	n := k - 7
	z[3], z[4], z[5], z[6] = byte(n), byte(n>>8), ^byte(n), ^byte(n>>8)

	// The Adler-32 of the JSON: the fixed runs in constant time, the
	// UserID byte by byte, the digits and the MAC eight bytes at a time.
	// The sums stay far below 2^64 before the one reduction.
	const mod = 65521
	s1, s2 := uint64(fastHeadAdler&0xffff), uint64(fastHeadAdler>>16)
	s1, s2 = adlerBytes(s1, s2, []byte(userID))
	s1, s2 = s.fast.jsonMidSum.add(s1, s2)
	s1, s2 = adlerDigits(s1, s2, ttlWin, ttlN, tw)
	s1, s2 = fastTimeKeySum.add(s1, s2)
	s1, s2 = adlerDigits(s1, s2, issuedWin, issuedN, iw)
	s1, s2 = fastSigKeySum.add(s1, s2)
	s1, s2 = adlerWords(s1, s2, z[macAt:macAt+44])
	s1, s2 = fastTailSum.add(s1, s2)
	sum := uint32(s2%mod)<<16 | uint32(s1%mod)
	z[k], z[k+1], z[k+2], z[k+3], z[k+4] = 1, 0, 0, 0xff, 0xff
	binary.BigEndian.PutUint32(z[k+5:], sum)
	z = z[:k+9]

	out := make([]byte, (len(z)+2)/3*4)
	*(*[len(fastHeadB64)]byte)(out) = fastHeadB64
	// Stream bytes 3-8: the block length, its complement and `{"`.
	x := uint64(n&0xff)<<56 | uint64(n>>8&0xff)<<48 | uint64(^n&0xff)<<40 | uint64(^n>>8&0xff)<<32 | '{'<<24 | '"'<<16
	binary.LittleEndian.PutUint64(out[4:12], uint64(encPairs[x>>52])|uint64(encPairs[x>>40&0xfff])<<16|uint64(encPairs[x>>28&0xfff])<<32|uint64(encPairs[x>>16&0xfff])<<48)
	encodeTencentTo(out[len(fastHeadB64):], z[fastHeadLen:])
	return unsafe.String(&out[0], len(out))
}
