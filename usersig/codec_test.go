package usersig

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"hash/adler32"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const tencentAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-"

// appendZlibStored appends the zlib stream (RFC 1950) of data made of
// stored deflate blocks only, laid out as compress/zlib writes it at
// NoCompression: full blocks of 65535 bytes, the remainder in a non-final
// block, then an empty final block and the Adler-32 trailer. Tests build
// UserSigs around hand-written JSON with it.
func appendZlibStored(dst, data []byte) []byte {
	dst = append(dst, 0x78, 0x01)
	for rest := data; len(rest) > 0; {
		n := min(len(rest), 65535)
		dst = append(dst, 0, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		dst = append(dst, rest[:n]...)
		rest = rest[n:]
	}
	dst = append(dst, 1, 0, 0, 0xff, 0xff)
	return binary.BigEndian.AppendUint32(dst, adler32.Checksum(data))
}

// decodeTencent runs the decoder's base64 stage on sig.
func decodeTencent(sig string) ([]byte, error) {
	var w work
	err := w.unbase64(sig)
	return w.bin, err
}

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestDecodeTencentMatchesStd(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	check := func(sig string) {
		t.Helper()
		mapped := strings.NewReplacer("*", "+", "-", "/", "_", "=").Replace(sig)
		want, wantErr := base64.StdEncoding.DecodeString(mapped)
		got, err := decodeTencent(sig)
		if wantErr != nil {
			require.Error(t, err, "%q", sig)
			require.ErrorIs(t, err, ErrMalformed)
			return
		}
		require.NoError(t, err, "%q", sig)
		require.True(t, bytes.Equal(want, got), "%q: %x, want %x", sig, got, want)
	}
	for n := 0; n < 400; n++ {
		src := randBytes(r, n)
		check(tencentB64.EncodeToString(src))
		check(base64.StdEncoding.EncodeToString(src))
		// Non-canonical trailing bits, as encoding/base64 tolerates.
		if s := tencentB64.EncodeToString(src); strings.HasSuffix(s, "_") {
			b := []byte(s)
			i := strings.IndexByte(s, '_') - 1
			b[i] = tencentAlphabet[(strings.IndexByte(tencentAlphabet, b[i])+1)%64]
			check(string(b))
		}
	}
	for _, s := range []string{"", "A", "AA", "AAA", "AAAA", "AA==", "A===", "AA=A", "AB_-", "ab\r\ncd==", "%2D%2D", "____", "AAA_", "AAAAAAAA_AAA", "eAEA\n", "eA==eA=="} {
		check(s)
	}
	// Random strings over the union alphabet plus a few stray bytes.
	const chars = "ABCxyz019+/*-=_\r\n%"
	for range 20000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = chars[r.IntN(len(chars))]
		}
		check(string(b))
	}
}

func TestAppendZlibStoredMatchesCompressZlib(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 172, 65534, 65535, 65536, 70000, 131070, 131071, 140000} {
		data := randBytes(r, n)
		var want bytes.Buffer
		w, err := zlib.NewWriterLevel(&want, zlib.NoCompression)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
		require.NoError(t, w.Close())
		got := appendZlibStored(nil, data)
		require.Equal(t, want.Bytes(), got, "len %d", n)

		var f work
		out, err := f.inflate(got, 1<<20)
		require.NoError(t, err)
		require.True(t, bytes.Equal(data, out), "len %d", n)
	}
}

func TestInflateErrors(t *testing.T) {
	t.Parallel()
	good := appendZlibStored(nil, []byte(`{"a":1}`))
	cases := map[string][]byte{
		"empty":          {},
		"header only":    good[:2],
		"bad header":     append([]byte{0x78, 0x02}, good[2:]...),
		"dictionary":     append([]byte{0x78, 0x20}, good[2:]...), // 0x7820 % 31 == 0, FDICT set
		"truncated data": good[:len(good)-10],
		"no checksum":    good[:len(good)-4],
		"bad checksum":   append(append([]byte{}, good[:len(good)-1]...), good[len(good)-1]^1),
		"trailing data":  append(append([]byte{}, good...), 0),
		"bad NLEN":       append(append(append([]byte{}, good[:5]...), good[5]^1), good[6:]...),
	}
	for name, src := range cases {
		var f work
		_, err := f.inflate(src, maxInflated)
		assert.ErrorIs(t, err, ErrMalformed, name)
	}
	var f work
	_, err := f.inflate(appendZlibStored(nil, make([]byte, maxInflated)), maxInflated)
	assert.NoError(t, err, "exactly the limit")
	_, err = f.inflate(appendZlibStored(nil, make([]byte, maxInflated+1)), maxInflated)
	assert.ErrorIs(t, err, errTooLarge)
}

// TestZlibBomb: a UserSig inflating to 20 MB is refused after reading the
// limit plus one deflate window, and quickly.
func TestZlibBomb(t *testing.T) {
	t.Parallel()
	var z bytes.Buffer
	w, err := zlib.NewWriterLevel(&z, zlib.BestCompression)
	require.NoError(t, err)
	zeros := make([]byte, 1<<20)
	for range 20 {
		_, err = w.Write(zeros)
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	bomb := tencentB64.EncodeToString(z.Bytes())
	require.Less(t, len(bomb), maxSigLen, "the bomb fits the length limit, so the inflate limit is what stops it")

	start := time.Now()
	_, _, err = Decode(bomb)
	require.ErrorIs(t, err, ErrMalformed)
	assert.Contains(t, err.Error(), "inflates to more than")
	assert.Less(t, time.Since(start), time.Second)

	var f work
	_, err = f.inflate(z.Bytes(), maxInflated)
	require.ErrorIs(t, err, errTooLarge)
	consumed := z.Len() - f.br.Len()
	// Zeros deflate about 1000:1, so the limit plus a 32 KiB window is a
	// few dozen input bytes; the stream is ~20 KB.
	assert.Less(t, consumed, 4<<10, "compressed bytes read before refusing")

	// A bomb longer than the sig limit is refused before decoding.
	_, _, err = Decode(strings.Repeat("A", maxSigLen+1))
	require.ErrorIs(t, err, ErrMalformed)
	assert.Contains(t, err.Error(), "bytes long")
}

// TestInflateGeneralLevels: every zlib level inflates.
func TestInflateGeneralLevels(t *testing.T) {
	t.Parallel()
	data := []byte(strings.Repeat(`{"TLS.identifier":"x"}`, 50))
	for level := zlib.HuffmanOnly; level <= zlib.BestCompression; level++ {
		var z bytes.Buffer
		w, err := zlib.NewWriterLevel(&z, level)
		require.NoError(t, err)
		_, _ = w.Write(data)
		require.NoError(t, w.Close())
		var f work
		out, err := f.inflate(z.Bytes(), maxInflated)
		require.NoError(t, err, "level %d", level)
		require.Equal(t, data, out, "level %d", level)
	}
}
