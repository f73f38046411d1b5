package usersig

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/adler32"
	"io"
)

// tencentB64 is StdBase64 with '+'→'*', '/'→'-', '='→'_'.
var tencentB64 = base64.NewEncoding("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-").WithPadding('_')

// fromTencent maps the Tencent alphabet back to the standard one. '+', '/'
// and '=' are left as they are, so plain standard base64 is accepted too,
// as the official decoders do.
var fromTencent = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	t['*'], t['-'], t['_'] = '+', '/', '='
	return t
}()

// decodeTencent decodes sig into dst (reusing its capacity), using tmp as
// scratch space for the standard-alphabet text.
func decodeTencent(dst, tmp []byte, sig string) (out, tmpOut []byte, err error) {
	tmp = append(tmp[:0], sig...)
	for i, c := range tmp {
		tmp[i] = fromTencent[c]
	}
	n := base64.StdEncoding.DecodedLen(len(tmp))
	if cap(dst) < n {
		dst = make([]byte, n)
	}
	m, err := base64.StdEncoding.Decode(dst[:n], tmp)
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
// stored deflate blocks only, laid out as compress/zlib writes it at
// NoCompression: full blocks of 65535 bytes, the remainder in a non-final
// block, then an empty final block and the Adler-32 trailer.
func appendZlibStored(dst, data []byte) []byte {
	dst = append(dst, 0x78, 0x01)
	for rest := data; len(rest) > 0; {
		n := min(len(rest), maxStoredBlock)
		dst = append(dst, 0, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		dst = append(dst, rest[:n]...)
		rest = rest[n:]
	}
	dst = append(dst, 1, 0, 0, 0xff, 0xff)
	return binary.BigEndian.AppendUint32(dst, adler32.Checksum(data))
}

var (
	errTruncated = newErr(ErrMalformed, "zlib stream is truncated; check that the whole UserSig was copied")
	errTooLarge  = errorf(ErrMalformed, "inflates to more than %d bytes; a real UserSig is a few hundred bytes", maxInflated)
)

// checkZlibHeader refuses what compress/zlib would refuse in the header,
// and preset dictionaries, which it would take when their checksum is
// that of the empty dictionary.
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

// inflater decompresses zlib streams with a reusable compress/zlib reader.
type inflater struct {
	br  bytes.Reader
	zr  io.ReadCloser
	lr  io.LimitedReader
	out bytes.Buffer
}

// inflate returns the inflated src, reading at most limit+1 bytes of
// output, so a zlib bomb costs no more than the limit plus one window. The
// result aliases f's buffer.
func (f *inflater) inflate(src []byte, limit int) ([]byte, error) {
	if err := checkZlibHeader(src); err != nil {
		return nil, err
	}
	f.br.Reset(src)
	var err error
	if f.zr == nil {
		f.zr, err = zlib.NewReader(&f.br)
	} else {
		err = f.zr.(zlib.Resetter).Reset(&f.br, nil)
	}
	if err != nil { // the header was checked: not expected
		return nil, newErr(ErrMalformed, "invalid zlib stream")
	}
	f.out.Reset()
	f.lr = io.LimitedReader{R: f.zr, N: int64(limit) + 1}
	_, err = f.out.ReadFrom(&f.lr)
	switch {
	case f.out.Len() > limit:
		return nil, errTooLarge
	case err == io.ErrUnexpectedEOF:
		return nil, errTruncated
	case err == zlib.ErrChecksum:
		return nil, newErr(ErrMalformed, "zlib checksum mismatch: the UserSig was altered or truncated")
	case err != nil:
		return nil, newErr(ErrMalformed, "corrupt deflate data")
	case f.br.Len() != 0:
		return nil, newErr(ErrMalformed, "unexpected data after the zlib stream")
	}
	return f.out.Bytes(), nil
}
