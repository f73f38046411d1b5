package usersig

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"io"
	"unsafe"
)

// tencentB64 is StdBase64 with '+'→'*', '/'→'-', '='→'_'.
var tencentB64 = base64.NewEncoding("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-").WithPadding('_')

// encodeTencent returns the Tencent base64 of b in a single allocation.
func encodeTencent(b []byte) string {
	n := tencentB64.EncodedLen(len(b))
	if n == 0 {
		return ""
	}
	out := make([]byte, n)
	encodeTencentTo(out, b)
	return unsafe.String(&out[0], n)
}

// fromTencent maps the Tencent alphabet back to the standard one. '+', '/'
// and '=' are left as they are, so plain standard base64 is accepted too,
// as the official decoders do.
var fromTencent = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	t['*'] = '+'
	t['-'] = '/'
	t['_'] = '='
	return t
}()

// decodeTencent decodes sig into dst (reusing its capacity), using tmp as
// scratch space.
func decodeTencent(dst, tmp []byte, sig string) (out, tmpOut []byte, err error) {
	if need := base64.StdEncoding.DecodedLen(len(sig)) + 2; cap(dst) < need {
		dst = make([]byte, need)
	}
	if n, ok := decodeTencentFast(dst[:cap(dst)], sig); ok {
		return dst[:n], tmp, nil
	}
	tmp = append(tmp[:0], sig...)
	for i, c := range tmp {
		tmp[i] = fromTencent[c]
	}
	n := base64.StdEncoding.DecodedLen(len(tmp))
	if cap(dst) < n {
		dst = make([]byte, n)
	}
	dst = dst[:n]
	m, err := base64.StdEncoding.Decode(dst, tmp)
	if err != nil {
		var ce base64.CorruptInputError
		if errors.As(err, &ce) {
			return dst[:0], tmp, errorf(ErrMalformed, "not Tencent base64: invalid character at offset %d (a UserSig uses A-Z a-z 0-9 * - _; URL-decode it first if it came from a query string)", int64(ce))
		}
		return dst[:0], tmp, newErr(ErrMalformed, "not Tencent base64")
	}
	return dst[:m], tmp, nil
}

// maxStoredBlock is the largest stored deflate block (RFC 1951 §3.2.4).
const maxStoredBlock = 65535

// appendZlibStored appends the zlib stream (RFC 1950) of data made of
// stored deflate blocks only. The layout is the one compress/zlib writes
// at NoCompression: full blocks of 65535 bytes, the remainder in a
// non-final block, then an empty final block and the Adler-32 trailer.
func appendZlibStored(dst, data []byte) []byte {
	dst = append(dst, 0x78, 0x01)
	for rest := data; len(rest) > 0; {
		n := min(len(rest), maxStoredBlock)
		dst = append(dst, 0, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		dst = append(dst, rest[:n]...)
		rest = rest[n:]
	}
	dst = append(dst, 1, 0, 0, 0xff, 0xff)
	return binary.BigEndian.AppendUint32(dst, adler32Sum(data))
}

var errNotStored = errors.New("not stored")

// inflateStored decodes a zlib stream whose deflate blocks are all stored
// (what NoCompression and several official libraries produce). When the
// stream holds a single non-empty block, the result aliases src (aliased
// is true); otherwise the data is appended to dst. It returns errNotStored
// when it meets a compressed block, so that the caller falls back to
// compress/zlib.
func inflateStored(dst, src []byte, limit int) (out []byte, aliased bool, err error) {
	if err := checkZlibHeader(src); err != nil {
		return dst, false, err
	}
	truncated := errTruncated
	pos := 2
	blocks := 0
	for {
		if pos >= len(src) {
			return dst, false, truncated
		}
		h := src[pos]
		if h>>1&3 != 0 {
			return dst, false, errNotStored
		}
		if pos+5 > len(src) {
			return dst, false, truncated
		}
		n := int(binary.LittleEndian.Uint16(src[pos+1:]))
		if uint16(n) != ^binary.LittleEndian.Uint16(src[pos+3:]) {
			return dst, false, newErr(ErrMalformed, "corrupt deflate stored block")
		}
		pos += 5
		if pos+n > len(src) {
			return dst, false, truncated
		}
		if len(out)+n > limit {
			return dst, false, errTooLarge
		}
		if n > 0 {
			switch blocks++; {
			case blocks == 1:
				out, aliased = src[pos:pos+n:pos+n], true
			case aliased:
				dst = append(append(dst, out...), src[pos:pos+n]...)
				out, aliased = dst, false
			default:
				dst = append(dst, src[pos:pos+n]...)
				out = dst
			}
		}
		pos += n
		if h&1 == 1 {
			break
		}
	}
	if pos+4 > len(src) {
		return dst, false, newErr(ErrMalformed, "zlib stream is truncated (no checksum); check that the whole UserSig was copied")
	}
	if binary.BigEndian.Uint32(src[pos:]) != adler32Sum(out) {
		return dst, false, newErr(ErrMalformed, "zlib checksum mismatch: the UserSig was altered or truncated")
	}
	if pos+4 != len(src) {
		return dst, false, newErr(ErrMalformed, "unexpected data after the zlib stream")
	}
	if out == nil {
		out = dst[:0]
	}
	return out, aliased, nil
}

var errTruncated = newErr(ErrMalformed, "zlib stream is truncated; check that the whole UserSig was copied")

var errTooLarge = errorf(ErrMalformed, "inflates to more than %d bytes; a real UserSig is a few hundred bytes", maxInflated)

func checkZlibHeader(src []byte) error {
	if len(src) < 2 {
		return newErr(ErrMalformed, "too short to be a zlib stream; check that the whole UserSig was copied")
	}
	cmf, flg := src[0], src[1]
	if cmf&0x0f != 8 || cmf>>4 > 7 || (uint16(cmf)<<8|uint16(flg))%31 != 0 {
		return newErr(ErrMalformed, "invalid zlib header; this is not a UserSig")
	}
	if flg&0x20 != 0 {
		return newErr(ErrMalformed, "zlib preset dictionaries are not used by UserSigs")
	}
	return nil
}

// inflater decompresses general zlib streams with a reusable reader.
type inflater struct {
	br bytes.Reader
	zr io.ReadCloser
	lr io.LimitedReader
}

// inflate appends the inflated src to dst, reading at most limit+1 bytes
// of output, so a zlib bomb costs no more than the limit plus one window.
func (f *inflater) inflate(dst, src []byte, limit int) ([]byte, error) {
	if err := checkZlibHeader(src); err != nil {
		return dst, err
	}
	f.br.Reset(src)
	var err error
	if f.zr == nil {
		f.zr, err = zlib.NewReader(&f.br)
	} else {
		err = f.zr.(zlib.Resetter).Reset(&f.br, nil)
	}
	if err != nil {
		return dst, newErr(ErrMalformed, "invalid zlib stream")
	}
	f.lr = io.LimitedReader{R: f.zr, N: int64(limit) + 1}
	start := len(dst)
	if cap(dst)-start < limit+1 {
		nd := make([]byte, start, start+limit+1)
		copy(nd, dst)
		dst = nd
	}
	buf := dst[start : start+limit+1]
	total := 0
	for {
		n, rerr := f.lr.Read(buf[total:])
		total += n
		if total > limit {
			return dst[:start], errTooLarge
		}
		if rerr == io.EOF {
			if f.lr.N == 0 {
				return dst[:start], errTooLarge
			}
			break
		}
		if rerr != nil {
			if rerr == io.ErrUnexpectedEOF {
				return dst[:start], newErr(ErrMalformed, "zlib stream is truncated; check that the whole UserSig was copied")
			}
			if rerr == zlib.ErrChecksum {
				return dst[:start], newErr(ErrMalformed, "zlib checksum mismatch: the UserSig was altered or truncated")
			}
			return dst[:start], newErr(ErrMalformed, "corrupt deflate data")
		}
		if n == 0 {
			return dst[:start], newErr(ErrMalformed, "corrupt deflate data")
		}
	}
	if f.br.Len() != 0 {
		return dst[:start], newErr(ErrMalformed, "unexpected data after the zlib stream")
	}
	return dst[:start+total], nil
}
