package usersig

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"hash/adler32"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestEncodeTencentMatchesStd(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 700; n++ {
		src := randBytes(r, n)
		want := tencentB64.EncodeToString(src)
		require.Equal(t, want, encodeTencent(src), "len %d", n)
		portable := make([]byte, len(want))
		encodeTencentScalar(portable, src)
		require.Equal(t, want, string(portable), "portable encoder, len %d", n)
		std := base64.StdEncoding.EncodeToString(src)
		require.Equal(t, std, strings.NewReplacer("*", "+", "-", "/", "_", "=").Replace(want))
	}
}

func TestDecodeTencentMatchesStd(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	check := func(sig string) {
		t.Helper()
		mapped := strings.NewReplacer("*", "+", "-", "/", "_", "=").Replace(sig)
		want, wantErr := base64.StdEncoding.DecodeString(mapped)
		got, _, err := decodeTencent(nil, nil, sig)
		if wantErr != nil {
			require.Error(t, err, "%q", sig)
			require.ErrorIs(t, err, ErrMalformed)
			return
		}
		require.NoError(t, err, "%q", sig)
		require.Equal(t, want, got, "%q", sig)
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

func TestAdler32MatchesStd(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 190, 4095, 4096, 4097, 5552, 5553, 20000, 70000} {
		src := randBytes(r, n)
		require.Equal(t, adler32.Checksum(src), adler32Fast(src), "random, len %d", n)
		ff := bytes.Repeat([]byte{0xff}, n)
		require.Equal(t, adler32.Checksum(ff), adler32Fast(ff), "0xff, len %d", n)
	}
}

// adler32Fast names the package's adler32 beside hash/adler32.
var adler32Fast = adler32Sum

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

		out, aliased, err := inflateStored(nil, got, 1<<20)
		require.NoError(t, err)
		require.True(t, bytes.Equal(data, out), "len %d", n)
		assert.Equal(t, n > 0 && n <= maxStoredBlock, aliased)
	}
}

func TestInflateStoredErrors(t *testing.T) {
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
		_, _, err := inflateStored(nil, src, maxInflated)
		assert.ErrorIs(t, err, ErrMalformed, name)
		var f inflater
		_, err = f.inflate(nil, src, maxInflated)
		assert.ErrorIs(t, err, ErrMalformed, "compress/zlib path: %s", name)
	}
	big := appendZlibStored(nil, make([]byte, maxInflated+1))
	_, _, err := inflateStored(nil, big, maxInflated)
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
	bomb := encodeTencent(z.Bytes())
	require.Less(t, len(bomb), maxSigLen, "the bomb fits the length limit, so the inflate limit is what stops it")

	start := time.Now()
	_, _, err = Decode(bomb)
	require.ErrorIs(t, err, ErrMalformed)
	assert.Contains(t, err.Error(), "inflates to more than")
	assert.Less(t, time.Since(start), time.Second)

	var f inflater
	_, err = f.inflate(nil, z.Bytes(), maxInflated)
	require.ErrorIs(t, err, errTooLarge)
	consumed := z.Len() - f.br.Len()
	// Zeros deflate about 1000:1, so the limit plus a 32 KiB window is a
	// few dozen input bytes; the stream is ~20 KB.
	assert.Less(t, consumed, 4<<10, "compressed bytes read before refusing")
	assert.LessOrEqual(t, int64(maxInflated)+1-f.lr.N, int64(maxInflated)+1, "inflated bytes read")

	// A bomb longer than the sig limit is refused before decoding.
	_, _, err = Decode(strings.Repeat("A", maxSigLen+1))
	require.ErrorIs(t, err, ErrMalformed)
	assert.Contains(t, err.Error(), "bytes long")
}

// TestInflateGeneralLevels: every zlib level verifies, through
// compress/zlib or the stored fast path.
func TestInflateGeneralLevels(t *testing.T) {
	t.Parallel()
	data := []byte(strings.Repeat(`{"TLS.identifier":"x"}`, 50))
	for level := zlib.HuffmanOnly; level <= zlib.BestCompression; level++ {
		var z bytes.Buffer
		w, err := zlib.NewWriterLevel(&z, level)
		require.NoError(t, err)
		_, _ = w.Write(data)
		require.NoError(t, w.Close())
		out, _, err := inflateStored(nil, z.Bytes(), maxInflated)
		if err == errNotStored {
			var f inflater
			out, err = f.inflate(nil, z.Bytes(), maxInflated)
		}
		require.NoError(t, err, "level %d", level)
		require.Equal(t, data, out, "level %d", level)
	}
}

// TestSignHMACFastMatchesGeneral checks the fast signing path against the
// general one (itself checked against the official vectors).
func TestSignHMACFastMatchesGeneral(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	for _, app := range []uint64{1, 9, 10, 1400000000, 4294967295} {
		s, err := NewHMACSigner(app, "k"+strings.Repeat("x", r.IntN(100)))
		require.NoError(t, err)
		for range 300 {
			id := make([]byte, 1+r.IntN(fastMaxUserID))
			for i := range id {
				id[i] = byte(0x20 + r.IntN(0x5f))
			}
			if !fastPlain(string(id)) {
				continue
			}
			issued := 1 + r.Int64N(maxSeconds)
			ttl := 1 + r.Int64N(maxSeconds)
			if r.IntN(4) == 0 {
				issued, ttl = 1+r.Int64N(1000), 1+r.Int64N(100)
			}
			hs := s.k.hmacPool.Get().(*hmacState)
			fast := s.signHMACFast(hs, string(id), issued, ttl)
			general, err := s.signHMACGeneral(hs, string(id), issued, ttl, nil)
			s.k.hmacPool.Put(hs)
			require.NoError(t, err)
			require.Equal(t, general, fast, "app %d, id %q, issued %d, ttl %d", app, id, issued, ttl)
		}
	}
}

func TestAdler32FromContinues(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(9, 10))
	for n := 0; n < 300; n++ {
		src := randBytes(r, n)
		require.Equal(t, adler32.Checksum(src), adler32Sum(src), "len %d", n)
		k := r.IntN(n + 1)
		require.Equal(t, adler32.Checksum(src), adler32From(adler32Sum(src[:k]), src[k:]), "len %d split %d", n, k)
	}
}

func TestDecWindow(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(11, 12))
	vals := []uint64{0, 1, 9, 10, 99, 100, 1000, 9999, 10000, 10001, 99999999, 100000000, 100000001, 999999999, 1000000000, 1700000000, 15552000, maxSeconds}
	for range 10000 {
		vals = append(vals, r.Uint64N(maxSeconds+1)>>r.IntN(34))
	}
	for _, v := range vals {
		var b [40]byte
		top := v / 1e8
		n := decWindow(&b, top, eightDigits(uint32(v-top*1e8)))
		require.Equal(t, strconv.FormatUint(v, 10), string(b[20-n:20]))
	}
}

// TestVerifyHMACFastMatchesGeneral checks that the fast verification path
// accepts the UserSigs of the fast signing path and accepts nothing the
// general path refuses, on mutated UserSigs and re-wrapped JSON variants.
func TestVerifyHMACFastMatchesGeneral(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(13, 14))
	const app, key = 1400000000, "fast-verify-key"
	s, err := NewHMACSigner(app, key)
	require.NoError(t, err)
	v, err := NewHMACVerifier(app, key)
	require.NoError(t, err)
	check := func(sig, userID string, now time.Time, mustAccept bool) {
		t.Helper()
		ds := v.k.statePool.Get().(*decodeState)
		ft, ok := v.verifyHMACFast(ds, sig, userID, now)
		v.k.statePool.Put(ds)
		gt, gerr := v.verifyGeneral(sig, userID, now, modePlain, nil)
		if mustAccept {
			require.True(t, ok, "fast path refused %q for %q", sig, userID)
		}
		if ok {
			require.NoError(t, gerr, "fast path accepted %q for %q", sig, userID)
			require.Equal(t, gt, ft)
		}
	}
	variants := func(j []byte) [][]byte {
		return [][]byte{
			append(bytes.Clone(j[:len(j)-1]), ' ', '\n'),
			bytes.Replace(j, []byte(`"TLS.time":`), []byte(`"TLS.time":0`), 1),
			bytes.Replace(j, []byte(`"TLS.expire":`), []byte(`"TLS.expire":-`), 1),
			bytes.Replace(j, []byte(`"}`), []byte(`" }`), 1),
			bytes.Replace(j, []byte(`{"TLS.ver"`), []byte(`{ "TLS.ver"`), 1),
			bytes.Replace(j, []byte(`"TLS.sig":"`), []byte(`"TLS.sig":"\u0041`), 1),
			j[:len(j)-2],
		}
	}
	for range 300 {
		id := make([]byte, 1+r.IntN(40))
		for i := range id {
			id[i] = byte(0x20 + r.IntN(0x5f))
		}
		userID := string(id)
		issued := 1 + r.Int64N(maxSeconds/2)
		ttl := 1 + r.Int64N(maxSeconds/2)
		sig, err := s.SignToken(Token{UserID: userID, IssuedAt: time.Unix(issued, 0), TTL: time.Duration(ttl) * time.Second})
		require.NoError(t, err)
		now := time.Unix(issued+r.Int64N(ttl+1), 0)
		check(sig, userID, now, fastPlain(userID))
		check(sig, userID, time.Unix(issued+ttl+1, 0), false)
		check(sig, userID+"x", now, false)
		// Character and bit mutations of the UserSig and its stream.
		for range 20 {
			b := []byte(sig)
			b[r.IntN(len(b))] = tencentAlphabet[r.IntN(64)]
			check(string(b), userID, now, false)
			z, _, err := decodeTencent(nil, nil, sig)
			require.NoError(t, err)
			z[r.IntN(len(z))] ^= byte(1 << r.IntN(8))
			check(encodeTencent(z), userID, now, false)
		}
		// JSON variants with a valid envelope.
		z, _, err := decodeTencent(nil, nil, sig)
		require.NoError(t, err)
		j := z[7 : len(z)-9]
		for _, vj := range variants(j) {
			check(encodeTencent(appendZlibStored(nil, vj)), userID, now, false)
		}
		check(encodeTencent(appendZlibStored(nil, j)), userID, now, fastPlain(userID))
	}
}
