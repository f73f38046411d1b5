package usersig

import (
	"bytes"
	"compress/zlib"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"sync"
	"testing"
	"time"
)

// The HMAC benchmarks compare this package with a baseline that does per
// call what Tencent's official Go library (tls-sig-api-v2-golang) does;
// the ECDSA ones with bare crypto/ecdsa SignASN1/VerifyASN1 on the same
// digest. Targets (issue 11): HMAC Sign >= 2x and VerifyAt >= 4x faster
// than the official-shaped baseline, ECDSA P-256 within 1.25x of bare
// crypto/ecdsa. Run:
//
//	go test -run '^$' -bench . -benchmem ./usersig

const (
	benchApp    = 1400000000
	benchKey    = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
	benchUser   = "xiaojun"
	benchIssued = 1700000000
	benchTTL    = 180 * 24 * time.Hour
)

var (
	benchSink   string
	benchToken  Token
	benchBool   bool
	benchDigest []byte
)

// officialDoc is the official Go library's JSON document.
type officialDoc struct {
	Ver        string `json:"TLS.ver"`
	Identifier string `json:"TLS.identifier"`
	SDKAppID   uint64 `json:"TLS.sdkappid"`
	Expire     int64  `json:"TLS.expire"`
	Time       int64  `json:"TLS.time"`
	Sig        []byte `json:"TLS.sig"`
}

// officialZlib pools the official library's zlib writers.
var officialZlib = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.NoCompression)
	return w
}}

// officialMAC is the official library's HMAC: a new keyed hash per call
// and the string to sign written piecewise.
func officialMAC(key, id string, app uint64, issued, expire int64) []byte {
	h := hmac.New(sha256.New, []byte(key))
	io.WriteString(h, "TLS.identifier:"+id+"\n")
	io.WriteString(h, "TLS.sdkappid:"+strconv.FormatUint(app, 10)+"\n")
	io.WriteString(h, "TLS.time:"+strconv.FormatInt(issued, 10)+"\n")
	io.WriteString(h, "TLS.expire:"+strconv.FormatInt(expire, 10)+"\n")
	return h.Sum(nil)
}

// officialSign is the official GenUserSig at its default level.
func officialSign(key, id string, app uint64, issued, expire int64) (string, error) {
	doc := officialDoc{Ver: "2.0", Identifier: id, SDKAppID: app, Expire: expire, Time: issued, Sig: officialMAC(key, id, app, issued, expire)}
	var buf bytes.Buffer
	w := officialZlib.Get().(*zlib.Writer)
	defer officialZlib.Put(w)
	w.Reset(&buf)
	if err := json.NewEncoder(w).Encode(doc); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	return tencentB64.EncodeToString(buf.Bytes()), nil
}

// officialVerify is the official VerifyUserSig.
func officialVerify(key string, app uint64, id, sig string, now time.Time) error {
	b, err := tencentB64.DecodeString(sig)
	if err != nil {
		return err
	}
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return err
	}
	var doc officialDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		return err
	}
	if doc.SDKAppID != app || doc.Identifier != id || now.Unix() > doc.Time+doc.Expire {
		return errors.New("claims do not match")
	}
	if !bytes.Equal(officialMAC(key, id, app, doc.Time, doc.Expire), doc.Sig) {
		return errors.New("signature does not match")
	}
	return nil
}

// BenchmarkHMACSignOfficial is the official-shaped baseline of Sign.
func BenchmarkHMACSignOfficial(b *testing.B) {
	b.ReportAllocs()
	var err error
	for b.Loop() {
		if benchSink, err = officialSign(benchKey, benchUser, benchApp, benchIssued, int64(benchTTL/time.Second)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHMACVerifyAtOfficial is the official-shaped baseline of
// VerifyAt.
func BenchmarkHMACVerifyAtOfficial(b *testing.B) {
	sig, _ := officialSign(benchKey, benchUser, benchApp, benchIssued, int64(benchTTL/time.Second))
	now := time.Unix(benchIssued+60, 0)
	b.ReportAllocs()
	for b.Loop() {
		if err := officialVerify(benchKey, benchApp, benchUser, sig, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHMACSign(b *testing.B) {
	s, err := NewHMACSigner(benchApp, benchKey, WithClock(pinned(benchIssued)))
	if err != nil {
		b.Fatal(err)
	}
	benchSign(b, s)
}

func BenchmarkHMACVerifyAt(b *testing.B) {
	s, _ := NewHMACSigner(benchApp, benchKey, WithClock(pinned(benchIssued)))
	sig, _ := s.Sign(benchUser, benchTTL)
	v, err := NewHMACVerifier(benchApp, benchKey)
	if err != nil {
		b.Fatal(err)
	}
	benchVerify(b, v, sig)
}

// BenchmarkHMACVerifyAtLevel6 verifies a UserSig compressed at zlib level
// 6 (the older official libraries).
func BenchmarkHMACVerifyAtLevel6(b *testing.B) {
	s, _ := NewHMACSigner(benchApp, benchKey, WithClock(pinned(benchIssued)), WithCompressionLevel(6))
	sig, _ := s.Sign(benchUser, benchTTL)
	v, _ := NewHMACVerifier(benchApp, benchKey)
	benchVerify(b, v, sig)
}

func BenchmarkDecode(b *testing.B) {
	s, _ := NewHMACSigner(benchApp, benchKey, WithClock(pinned(benchIssued)))
	sig, _ := s.Sign(benchUser, benchTTL)
	b.ReportAllocs()
	var err error
	for b.Loop() {
		benchToken, _, err = Decode(sig)
		if err != nil {
			b.Fatal(err)
		}
	}
}

func benchP256(b *testing.B) (*Signer, *Verifier, *ecdsa.PrivateKey) {
	b.Helper()
	priv, pub, err := GenerateECDSAKey()
	if err != nil {
		b.Fatal(err)
	}
	s, err := NewECDSASigner(benchApp, priv, WithClock(pinned(benchIssued)))
	if err != nil {
		b.Fatal(err)
	}
	v, err := NewECDSAVerifier(benchApp, pub)
	if err != nil {
		b.Fatal(err)
	}
	return s, v, s.k.ec.p256
}

func benchLegacyDigest() []byte {
	d := sha256.Sum256([]byte("TLS.appid_at_3rd:0\nTLS.account_type:0\nTLS.identifier:xiaojun\nTLS.sdk_appid:1400000000\nTLS.time:1700000000\nTLS.expire_after:15552000\n"))
	return d[:]
}

// BenchmarkECDSAP256SignBaseline is bare crypto/ecdsa.SignASN1 on the
// digest of the same string to sign.
func BenchmarkECDSAP256SignBaseline(b *testing.B) {
	_, _, key := benchP256(b)
	digest := benchLegacyDigest()
	b.ReportAllocs()
	for b.Loop() {
		sig, err := ecdsa.SignASN1(rand.Reader, key, digest)
		if err != nil {
			b.Fatal(err)
		}
		benchDigest = sig
	}
}

func BenchmarkECDSAP256Sign(b *testing.B) {
	s, _, _ := benchP256(b)
	benchSign(b, s)
}

// BenchmarkECDSAP256VerifyBaseline is bare crypto/ecdsa.VerifyASN1 on the
// same digest.
func BenchmarkECDSAP256VerifyBaseline(b *testing.B) {
	_, _, key := benchP256(b)
	digest := benchLegacyDigest()
	sig, err := ecdsa.SignASN1(rand.Reader, key, digest)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		benchBool = ecdsa.VerifyASN1(&key.PublicKey, digest, sig)
		if !benchBool {
			b.Fatal("verify failed")
		}
	}
}

func BenchmarkECDSAP256VerifyAt(b *testing.B) {
	s, v, _ := benchP256(b)
	sig, err := s.Sign(benchUser, benchTTL)
	if err != nil {
		b.Fatal(err)
	}
	benchVerify(b, v, sig)
}

func benchK1(b *testing.B) (*Signer, *Verifier) {
	b.Helper()
	k := ecdsaKeys(b)["gen-secp256k1-1"]
	s, err := NewECDSASigner(benchApp, []byte(k.PrivSEC1), WithClock(pinned(benchIssued)))
	if err != nil {
		b.Fatal(err)
	}
	v, err := NewECDSAVerifier(benchApp, []byte(k.PublicPEM))
	if err != nil {
		b.Fatal(err)
	}
	return s, v
}

func BenchmarkECDSASecp256k1Sign(b *testing.B) {
	s, _ := benchK1(b)
	benchSign(b, s)
}

func BenchmarkECDSASecp256k1VerifyAt(b *testing.B) {
	s, v := benchK1(b)
	sig, _ := s.Sign(benchUser, benchTTL)
	benchVerify(b, v, sig)
}

// benchSign measures s.Sign on the benchmark token.
func benchSign(b *testing.B, s *Signer) {
	b.Helper()
	b.ReportAllocs()
	var err error
	for b.Loop() {
		benchSink, err = s.Sign(benchUser, benchTTL)
		if err != nil {
			b.Fatal(err)
		}
	}
}

// benchVerify measures v.VerifyAt on sig, a minute after it was issued.
func benchVerify(b *testing.B, v *Verifier, sig string) {
	b.Helper()
	now := time.Unix(benchIssued+60, 0)
	b.ReportAllocs()
	var err error
	for b.Loop() {
		benchToken, err = v.VerifyAt(sig, benchUser, now)
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRatios alternates chunks of each operation and its baseline
// and reports the ratios, which other load on the machine cannot skew the
// way separate benchmarks can: baseline time over this package's for HMAC
// (the speed-up), this package's over bare crypto/ecdsa for P-256 (the
// overhead).
func BenchmarkRatios(b *testing.B) {
	hs, _ := NewHMACSigner(benchApp, benchKey, WithClock(pinned(benchIssued)))
	hv, _ := NewHMACVerifier(benchApp, benchKey)
	hsig, _ := hs.Sign(benchUser, benchTTL)
	es, ev, key := benchP256(b)
	esig, _ := es.Sign(benchUser, benchTTL)
	digest := benchLegacyDigest()
	der, _ := ecdsa.SignASN1(rand.Reader, key, digest)
	now := time.Unix(benchIssued+60, 0)
	ttl := int64(benchTTL / time.Second)
	ops := []func(){
		func() { benchSink, _ = officialSign(benchKey, benchUser, benchApp, benchIssued, ttl) },
		func() { benchSink, _ = hs.Sign(benchUser, benchTTL) },
		func() { _ = officialVerify(benchKey, benchApp, benchUser, hsig, now) },
		func() { benchToken, _ = hv.VerifyAt(hsig, benchUser, now) },
		func() { benchDigest, _ = ecdsa.SignASN1(rand.Reader, key, digest) },
		func() { benchSink, _ = es.Sign(benchUser, benchTTL) },
		func() { benchBool = ecdsa.VerifyASN1(&key.PublicKey, digest, der) },
		func() { benchToken, _ = ev.VerifyAt(esig, benchUser, now) },
	}
	spent := make([]time.Duration, len(ops))
	for b.Loop() {
		for i, op := range ops {
			t0 := time.Now()
			for range 16 {
				op()
			}
			spent[i] += time.Since(t0)
		}
	}
	ratio := func(num, den int) float64 { return float64(spent[num]) / float64(spent[den]) }
	b.ReportMetric(ratio(0, 1), "sign-speedup")
	b.ReportMetric(ratio(2, 3), "verify-speedup")
	b.ReportMetric(ratio(5, 4), "p256-sign-overhead")
	b.ReportMetric(ratio(7, 6), "p256-verify-overhead")
	b.ReportMetric(0, "ns/op")
}
