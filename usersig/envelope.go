package usersig

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"io"
	"strings"
)

// tencentB64 is StdBase64 with '+'→'*', '/'→'-', '='→'_'.
var tencentB64 = base64.NewEncoding("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-").WithPadding('_')

// unbase64 decodes the Tencent base64 sig into w.bin, through w.text.
// '+', '/' and '=' are left as they are, so plain standard base64 is
// accepted too, as the official decoders do.
func (w *work) unbase64(sig string) error {
	w.text = append(w.text[:0], sig...)
	for i, c := range w.text {
		if j := strings.IndexByte("*-_", c); j >= 0 {
			w.text[i] = "+/="[j]
		}
	}
	var err error
	if w.bin, err = base64.StdEncoding.AppendDecode(w.bin[:0], w.text); err != nil {
		return errorf(ErrMalformed, "not Tencent base64: invalid character at offset %d (a UserSig uses A-Z a-z 0-9 * - _; URL-decode it first if it came from a query string)", int64(err.(base64.CorruptInputError)))
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

var errTooLarge = errorf(ErrMalformed, "inflates to more than %d bytes; a real UserSig is a few hundred bytes", maxInflated)

// inflate returns the inflated src, reading at most limit+1 bytes of
// output, so a zlib bomb costs no more than the limit plus one window. The
// result aliases f's buffer. Preset dictionaries are refused, even the
// empty one compress/zlib would take.
func (f *inflater) inflate(src []byte, limit int) ([]byte, error) {
	f.br.Reset(src)
	var err error
	if f.zr == nil {
		f.zr, err = zlib.NewReader(&f.br)
	} else {
		err = f.zr.(zlib.Resetter).Reset(&f.br, nil)
	}
	if err == nil && src[1]&0x20 != 0 { // a valid header with FDICT
		err = zlib.ErrDictionary
	}
	f.out.Reset()
	if err == nil {
		f.lr = io.LimitedReader{R: f.zr, N: int64(limit) + 1}
		_, err = f.out.ReadFrom(&f.lr)
	}
	switch {
	case f.out.Len() > limit:
		return nil, errTooLarge
	case err == io.ErrUnexpectedEOF:
		return nil, errorf(ErrMalformed, "zlib stream is truncated; check that the whole UserSig was copied")
	case err == zlib.ErrHeader:
		return nil, errorf(ErrMalformed, "invalid zlib header; this is not a UserSig")
	case err == zlib.ErrDictionary:
		return nil, errorf(ErrMalformed, "zlib preset dictionaries are not used by UserSigs")
	case err == zlib.ErrChecksum:
		return nil, errorf(ErrMalformed, "zlib checksum mismatch: the UserSig was altered or truncated")
	case err != nil:
		return nil, errorf(ErrMalformed, "corrupt deflate data")
	case f.br.Len() != 0:
		return nil, errorf(ErrMalformed, "unexpected data after the zlib stream")
	}
	return f.out.Bytes(), nil
}
