package usersig

import (
	"encoding/base64"
	"encoding/binary"
	"sync"
)

// Fast paths for the envelope codecs. Each agrees byte for byte with the
// standard library (encoding/base64, hash/adler32), which the tests and
// fuzz targets check; the standard library handles every input the fast
// paths do not.

const tencentAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-"

// encPairs maps 12 bits to two Tencent base64 characters (first in the
// low byte).
var encPairs = func() (t [4096]uint16) {
	for i := range t {
		t[i] = uint16(tencentAlphabet[i>>6]) | uint16(tencentAlphabet[i&63])<<8
	}
	return t
}()

// b64Offsets returns the table that encodeBlocks adds to each 6-bit value
// v to make its character of alphabet, indexed by v's reduced value: 13
// for v < 26, 0 for v < 52, and v-51 above (1-10 for the digits, 11 and
// 12 for the last two characters).
func b64Offsets(alphabet string) (t [16]byte) {
	t[13] = alphabet[0]
	t[0] = alphabet[26] - 26
	for r := 1; r <= 12; r++ {
		t[r] = alphabet[51+r] - byte(51+r)
	}
	return t
}

// tencentOffsets is encodeBlocks' table for the Tencent alphabet.
var tencentOffsets = b64Offsets(tencentAlphabet)

// encodeTencentTo writes the Tencent base64 of src to dst, which must have
// tencentB64.EncodedLen(len(src)) bytes: with encodeBlocks as far as it
// goes, the rest with encodeTencentScalar.
func encodeTencentTo(dst, src []byte) {
	i := encodeBlocks(dst, src, &tencentOffsets)
	encodeTencentScalar(dst[i/3*4:], src[i:])
}

// encodeTencentScalar is encodeTencentTo in portable Go.
func encodeTencentScalar(dst, src []byte) {
	i, j := 0, 0
	// 12 input bytes (loaded as two overlapping 8-byte words) become 16
	// characters.
	for ; i+14 <= len(src) && j+16 <= len(dst); i, j = i+12, j+16 {
		s := src[i : i+14 : i+14]
		d := dst[j : j+16 : j+16]
		x := binary.BigEndian.Uint64(s[0:8])
		a := uint64(encPairs[x>>52]) | uint64(encPairs[x>>40&0xfff])<<16
		b := uint64(encPairs[x>>28&0xfff]) | uint64(encPairs[x>>16&0xfff])<<16
		binary.LittleEndian.PutUint64(d[0:8], a|b<<32)
		y := binary.BigEndian.Uint64(s[6:14])
		a = uint64(encPairs[y>>52]) | uint64(encPairs[y>>40&0xfff])<<16
		b = uint64(encPairs[y>>28&0xfff]) | uint64(encPairs[y>>16&0xfff])<<16
		binary.LittleEndian.PutUint64(d[8:16], a|b<<32)
	}
	for ; i+3 <= len(src) && j+4 <= len(dst); i, j = i+3, j+4 {
		s := src[i : i+3 : i+3]
		x := uint32(s[0])<<16 | uint32(s[1])<<8 | uint32(s[2])
		binary.LittleEndian.PutUint32(dst[j:j+4], uint32(encPairs[x>>12])|uint32(encPairs[x&0xfff])<<16)
	}
	if j+4 > len(dst) {
		return
	}
	switch len(src) - i {
	case 1:
		x := uint32(src[i]) << 4
		binary.LittleEndian.PutUint32(dst[j:j+4], uint32(encPairs[x])|'_'<<16|'_'<<24)
	case 2:
		x := uint32(src[i])<<16 | uint32(src[i+1])<<8
		binary.LittleEndian.PutUint32(dst[j:j+4], uint32(encPairs[x>>12])|uint32(encPairs[x&0xfff]&0xff)<<16|'_'<<24)
	}
}

// decTable maps both the Tencent and the standard base64 alphabets to
// 6-bit values; 0xff marks any other byte (including padding).
var decTable = func() (t [256]uint8) {
	for i := range t {
		t[i] = 0xff
	}
	for i := 0; i < 64; i++ {
		t[tencentAlphabet[i]] = uint8(i)
	}
	t['+'] = 62
	t['/'] = 63
	return t
}()

// decPairs maps two base64 characters (first in the low byte) to 12 bits,
// or to 0xffff when either is outside both alphabets. The 128 KiB table is
// built on first use and halves the lookups of decoding.
var decPairs = sync.OnceValue(func() *[65536]uint16 {
	t := new([65536]uint16)
	for i := range t {
		a, b := decTable[i&0xff], decTable[i>>8]
		if a|b >= 64 {
			t[i] = 0xffff
		} else {
			t[i] = uint16(a)<<6 | uint16(b)
		}
	}
	return t
})

// decodeTencentFast decodes a padded Tencent (or standard) base64 string
// into dst, which needs base64.StdEncoding.DecodedLen(len(src))+2 bytes.
// It decodes everything but the last quantum with a table, and the last
// quantum (where padding lives) with encoding/base64. ok is false when src
// has a character outside both alphabets before its last quantum, or a
// length that is not a multiple of 4: the caller then uses the general
// decoder, which also skips CR and LF as encoding/base64 does.
func decodeTencentFast(dst []byte, src string) (n int, ok bool) {
	if len(src) < 4 || len(src)%4 != 0 || len(dst) < base64.StdEncoding.DecodedLen(len(src))+2 {
		return 0, false
	}
	pairs := decPairs()
	body := src[:len(src)-4]
	var bad uint16
	di := 0
	for len(body) >= 16 && len(dst)-di >= 14 {
		c := body[:16]
		d := dst[di : di+14 : di+14]
		p0 := pairs[uint16(c[0])|uint16(c[1])<<8]
		p1 := pairs[uint16(c[2])|uint16(c[3])<<8]
		p2 := pairs[uint16(c[4])|uint16(c[5])<<8]
		p3 := pairs[uint16(c[6])|uint16(c[7])<<8]
		p4 := pairs[uint16(c[8])|uint16(c[9])<<8]
		p5 := pairs[uint16(c[10])|uint16(c[11])<<8]
		p6 := pairs[uint16(c[12])|uint16(c[13])<<8]
		p7 := pairs[uint16(c[14])|uint16(c[15])<<8]
		bad |= p0 | p1 | p2 | p3 | p4 | p5 | p6 | p7
		binary.BigEndian.PutUint64(d[0:8], uint64(p0)<<52|uint64(p1)<<40|uint64(p2)<<28|uint64(p3)<<16)
		binary.BigEndian.PutUint64(d[6:14], uint64(p4)<<52|uint64(p5)<<40|uint64(p6)<<28|uint64(p7)<<16)
		body = body[16:]
		di += 12
	}
	for len(body) >= 8 {
		c := body[:8]
		p0 := pairs[uint16(c[0])|uint16(c[1])<<8]
		p1 := pairs[uint16(c[2])|uint16(c[3])<<8]
		p2 := pairs[uint16(c[4])|uint16(c[5])<<8]
		p3 := pairs[uint16(c[6])|uint16(c[7])<<8]
		bad |= p0 | p1 | p2 | p3
		binary.BigEndian.PutUint64(dst[di:di+8], uint64(p0)<<52|uint64(p1)<<40|uint64(p2)<<28|uint64(p3)<<16)
		body = body[8:]
		di += 6
	}
	if len(body) == 4 {
		p0 := pairs[uint16(body[0])|uint16(body[1])<<8]
		p1 := pairs[uint16(body[2])|uint16(body[3])<<8]
		bad |= p0 | p1
		v := uint32(p0)<<12 | uint32(p1)
		dst[di], dst[di+1], dst[di+2] = byte(v>>16), byte(v>>8), byte(v)
		di += 3
	}
	if bad&0xf000 != 0 {
		return 0, false
	}
	// The last quantum: "xxxx", "xxx=" or "xx==" ('=' or '_'). Like
	// encoding/base64 (not strict), the unused low bits are ignored.
	q := src[len(src)-4:]
	a0, a1, a2, a3 := decTable[q[0]], decTable[q[1]], decTable[q[2]], decTable[q[3]]
	if a0|a1 >= 64 {
		return 0, false
	}
	v := uint32(a0)<<18 | uint32(a1)<<12
	switch pad2, pad3 := isPad(q[2]), isPad(q[3]); {
	case a2 < 64 && a3 < 64:
		v |= uint32(a2)<<6 | uint32(a3)
		dst[di], dst[di+1], dst[di+2] = byte(v>>16), byte(v>>8), byte(v)
		return di + 3, true
	case a2 < 64 && pad3:
		v |= uint32(a2) << 6
		dst[di], dst[di+1] = byte(v>>16), byte(v>>8)
		return di + 2, true
	case pad2 && pad3:
		dst[di] = byte(v >> 16)
		return di + 1, true
	}
	return 0, false
}

func isPad(c byte) bool { return c == '=' || c == '_' }

// adler32Sum is hash/adler32.Checksum, sixteen bytes at a time: for bytes
// b0..b15, s1 grows by their sum and s2 by 16*s1 + sum((16-i)*bi), both
// computed with 16-bit lanes of 64-bit products.
func adler32Sum(p []byte) uint32 { return adler32From(1, p) }

// adler32From continues the Adler-32 checksum adler over p.
func adler32From(adler uint32, p []byte) uint32 {
	const (
		mod   = 65521
		lanes = 0x00ff00ff00ff00ff
	)
	s1, s2 := uint64(adler&0xffff), uint64(adler>>16)
	orig, n := p, len(p)
	for len(p) >= 16 {
		// At most 4096 bytes between reductions: s1 and s2 stay far
		// below 2^64.
		m := min(len(p)&^15, 4096)
		for q := p[:m]; len(q) >= 16; q = q[16:] {
			x := binary.LittleEndian.Uint64(q[0:8])
			y := binary.LittleEndian.Uint64(q[8:16])
			xe, xo := x&lanes, x>>8&lanes // bytes 0, 2, 4, 6 and 1, 3, 5, 7
			ye, yo := y&lanes, y>>8&lanes
			// Each lane sum stays below 2^16, so lanes never carry.
			s2 += 16*s1 + (xe*0x0010000e000c000a+xo*0x000f000d000b0009+ye*0x0008000600040002+yo*0x0007000500030001)>>48
			s1 += ((xe + xo + ye + yo) * 0x0001000100010001) >> 48
		}
		s1 %= mod
		s2 %= mod
		p = p[m:]
	}
	if len(p) >= 8 {
		x := binary.LittleEndian.Uint64(p)
		e, o := x&lanes, x>>8&lanes
		s2 += 8*s1 + (e*0x0008000600040002+o*0x0007000500030001)>>48
		s1 += ((e + o) * 0x0001000100010001) >> 48
		p = p[8:]
	}
	switch r := len(p); {
	case r > 0 && n >= 8:
		// The input's last 8 bytes, shifted so that the r remaining ones
		// come first and 8-r zeros follow; the zeros add (8-r)*s1 to s2,
		// taken off again.
		x := binary.LittleEndian.Uint64(orig[n-8:n]) >> (8 * (8 - r))
		e, o := x&lanes, x>>8&lanes
		s2 += 8*s1 + (e*0x0008000600040002+o*0x0007000500030001)>>48
		s1 = (s1 + ((e+o)*0x0001000100010001)>>48) % mod
		s2 = s2%mod + 8*mod - uint64(8-r)*s1
	case r > 0:
		for _, c := range p {
			s1 += uint64(c)
			s2 += s1
		}
	}
	return uint32(s2%mod<<16 | s1%mod)
}
