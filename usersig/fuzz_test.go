package usersig

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Fuzz targets. The seed corpus in testdata/fuzz/<target>/ holds every sig
// of vectors.json plus a few edge cases; regenerate it with
//
//	USERSIG_WRITE_CORPUS=1 go test -run TestWriteFuzzCorpus ./usersig
//
// and fuzz with, for example,
//
//	go test -run '^$' -fuzz FuzzVerifyAt -fuzztime 10m -parallel 1 ./usersig

var sentinels = []error{ErrMalformed, ErrExpired, ErrSignature, ErrUserIDMismatch, ErrSDKAppIDMismatch, ErrAlgorithm, ErrUserBufMismatch}

func isSentinel(err error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// corpusSigs returns every UserSig of the vectors and a few edge cases.
func corpusSigs(t testing.TB) []string {
	v := vectors(t)
	var sigs []string
	for _, h := range v.HMAC {
		sigs = append(sigs, h.ExpectedSig)
		for _, o := range h.Other {
			sigs = append(sigs, o.Sig)
		}
	}
	for _, r := range v.HMACReject {
		sigs = append(sigs, r.Sig)
	}
	for _, e := range v.ECDSA {
		sigs = append(sigs, e.Sig)
	}
	return append(sigs, "", "eAEA", "eJwDAAAAAAE_", tencentB64.EncodeToString(appendZlibStored(nil, []byte(`{"TLS.ver":"2.0","TLS.identifier":"\u00e9","x":[1,{"y":null}],"TLS.sig":""}`))))
}

func FuzzDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, sig string) {
		tok, alg, err := Decode(sig)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("Decode error does not wrap ErrMalformed: %v", err)
			}
			if len(sig) >= 16 && bytes.Contains([]byte(err.Error()), []byte(sig)) {
				t.Fatalf("error echoes the UserSig: %v", err)
			}
			return
		}
		if alg != HMACSHA256 && alg != ECDSASHA256 {
			t.Fatalf("unknown algorithm %v", alg)
		}
		if tok.TTL < 0 || tok.IssuedAt.Unix() < 0 || tok.SDKAppID > 1<<32-1 {
			t.Fatalf("out of range claims %+v", tok)
		}
		if !utf8.ValidString(tok.UserID) {
			t.Fatalf("UserID is not UTF-8: %q", tok.UserID)
		}
	})
}

type fuzzVerifiers struct {
	hmac, p256, k1 *Verifier
}

func newFuzzVerifiers(t testing.TB) fuzzVerifiers {
	keys := ecdsaKeys(t)
	var fv fuzzVerifiers
	var err error
	if fv.hmac, err = NewHMACVerifier(1400000000, benchKey); err != nil {
		t.Fatal(err)
	}
	if fv.p256, err = NewECDSAVerifier(1400000000, []byte(keys["fx-go-test-p256"].PublicPEM)); err != nil {
		t.Fatal(err)
	}
	if fv.k1, err = NewECDSAVerifier(1400000000, []byte(keys["gen-secp256k1-1"].PublicPEM)); err != nil {
		t.Fatal(err)
	}
	return fv
}

func FuzzVerifyAt(f *testing.F) {
	fv := newFuzzVerifiers(f)
	f.Fuzz(func(t *testing.T, sig, userID string, now int64) {
		at := time.Unix(now, 0)
		for _, v := range []*Verifier{fv.hmac, fv.p256, fv.k1} {
			tok, err := v.VerifyAt(sig, userID, at)
			if err != nil {
				if !isSentinel(err) {
					t.Fatalf("%v: error wraps no sentinel: %v", v, err)
				}
				if len(sig) >= 16 && bytes.Contains([]byte(err.Error()), []byte(sig)) {
					t.Fatalf("error echoes the UserSig: %v", err)
				}
			} else {
				if tok.UserID != userID || tok.SDKAppID != v.SDKAppID() || at.Unix() > tok.ExpiresAt().Unix() || tok.UserBuf != nil {
					t.Fatalf("%v accepted inconsistent claims %+v for %q at %d", v, tok, userID, now)
				}
				dt, alg, derr := Decode(sig)
				if derr != nil || alg != v.Algorithm() || dt.UserID != tok.UserID || !dt.IssuedAt.Equal(tok.IssuedAt) || dt.TTL != tok.TTL {
					t.Fatalf("Decode disagrees with VerifyAt: %+v %v %v", dt, alg, derr)
				}
			}
			if _, _, err := v.VerifyPrivateMapKeyAt(sig, userID, at); err != nil && !isSentinel(err) {
				t.Fatalf("VerifyPrivateMapKeyAt error wraps no sentinel: %v", err)
			}
			if _, err := v.VerifyUserBufAt(sig, userID, []byte(userID), at); err != nil && !isSentinel(err) {
				t.Fatalf("VerifyUserBufAt error wraps no sentinel: %v", err)
			}
		}
	})
}

// FuzzJSON checks the JSON parser against encoding/json.
func FuzzJSON(f *testing.F) {
	for _, h := range vectors(f).HMAC {
		f.Add([]byte(h.ExpectedJSON))
	}
	for _, e := range vectors(f).ECDSA {
		f.Add([]byte(e.DecodedJSON))
	}
	f.Add([]byte(`{"TLS.identifier":"a\u00e9\ud83d\ude00\"","x":[1,{"y":null},true]}`))
	f.Add([]byte(`{"TLS.identifier":"alice","tls.IDENTIFIER":"bob","TLS.\u017fdkappid":1}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		checkAgainstEncodingJSON(t, doc)
	})
}

// FuzzCodec checks the envelope codecs against the standard library:
// decodeTencent against encoding/base64, appendZlibStored against
// compress/zlib's writer at NoCompression, and the inflater against a
// fresh compress/zlib reader.
func FuzzCodec(f *testing.F) {
	f.Add([]byte("{\"TLS.ver\":\"2.0\"}"), "eAEA")
	f.Add([]byte{}, "AA==")
	f.Add([]byte{0xff, 0, 1}, "ab\r\ncd==")
	var inf work // reused across inputs, as in a pooled work area
	f.Fuzz(func(t *testing.T, data []byte, sig string) {
		mapped := strings.NewReplacer("*", "+", "-", "/", "_", "=").Replace(sig)
		want, wantErr := base64.StdEncoding.DecodeString(mapped)
		got, err := decodeTencent(sig)
		if (err == nil) != (wantErr == nil) || (err == nil && !bytes.Equal(got, want)) {
			t.Fatalf("decode %q: %x, %v; encoding/base64: %x, %v", sig, got, err, want, wantErr)
		}
		var zb bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&zb, zlib.NoCompression)
		zw.Write(data)
		zw.Close()
		if stored := appendZlibStored(nil, data); !bytes.Equal(stored, zb.Bytes()) {
			t.Fatalf("appendZlibStored(%x) = %x, compress/zlib %x", data, stored, zb.Bytes())
		}
		out, ierr := inf.inflate(data, maxInflated)
		zr, zerr := zlib.NewReader(bytes.NewReader(data))
		var slow []byte
		if zerr == nil {
			slow, zerr = io.ReadAll(io.LimitReader(zr, maxInflated+1))
		}
		if ierr == nil && (zerr != nil || !bytes.Equal(out, slow)) {
			t.Fatalf("inflater accepted %x (%x) but compress/zlib says %x, %v", data, out, slow, zerr)
		}
		if ierr != nil && !errors.Is(ierr, ErrMalformed) {
			t.Fatalf("inflater error wraps no sentinel: %v", ierr)
		}
	})
}

// FuzzParsePrivateMap checks ParsePrivateMap on untrusted userbufs: it
// never panics; a refusal wraps ErrMalformed, returns the zero
// PrivateMapInfo and does not echo the buffer; an accepted buffer is
// exactly as long as its fields (version 0 or 1, room string only in
// version 1), its fields are in their 32-bit ranges, PrivateMap.UserBuf
// writes it back byte for byte (when its account type is 0 and its version
// the one UserBuf picks) and what UserBuf writes parses to the same
// PrivateMapInfo (account type 0); the buffer cut by a byte or with a
// byte more is refused.
func FuzzParsePrivateMap(f *testing.F) {
	f.Add(PrivateMap{RoomID: 10000, Privileges: PrivAll}.UserBuf(1400000000, "xiaojun", time.Unix(1715552000, 0)))
	f.Add(PrivateMap{RoomStr: "1000000040", Privileges: PrivEnterRoom | PrivRecvAudio}.UserBuf(1400000000, "xiaojun", time.Unix(1715552000, 0)))
	f.Add([]byte{})
	f.Add([]byte{2, 0, 0})
	f.Add([]byte{0, 0xff, 0xff, 1, 2, 3})
	f.Add(append([]byte{1, 0, 1, 'u'}, make([]byte, 22)...)) // version 1, empty room string
	f.Fuzz(func(t *testing.T, buf []byte) {
		info, err := ParsePrivateMap(buf)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error wraps no ErrMalformed: %v", err)
			}
			if info != (PrivateMapInfo{}) {
				t.Fatalf("a refused buffer gave %+v", info)
			}
			if len(buf) >= 8 && strings.Contains(err.Error(), string(buf)) {
				t.Fatalf("error echoes the buffer: %v", err)
			}
			return
		}
		want := 1 + 2 + len(info.UserID) + 5*4
		if buf[0] == 1 {
			want += 2 + len(info.RoomStr)
		}
		if len(buf) != want || buf[0] > 1 || buf[0] == 0 && info.RoomStr != "" {
			t.Fatalf("accepted %x (%d bytes, version %d) as %+v, %d bytes of fields", buf, len(buf), buf[0], info, want)
		}
		if info.SDKAppID > 1<<32-1 || info.ExpiresAt.Unix() < 0 || info.ExpiresAt.Unix() > 1<<32-1 {
			t.Fatalf("out of range fields %+v", info)
		}
		_ = info.Privileges.String()
		again := info.PrivateMap.UserBuf(info.SDKAppID, info.UserID, info.ExpiresAt)
		if info.AccountType == 0 && (buf[0] == 1) == (info.RoomStr != "") && !bytes.Equal(again, buf) {
			t.Fatalf("UserBuf wrote %x back as %x", buf, again)
		}
		reparsed, err := ParsePrivateMap(again)
		info.AccountType = 0
		sameTime := reparsed.ExpiresAt.Equal(info.ExpiresAt)
		reparsed.ExpiresAt = info.ExpiresAt
		if err != nil || !sameTime || reparsed != info {
			t.Fatalf("UserBuf of %+v parses to %+v, %v", info, reparsed, err)
		}
		if _, err := ParsePrivateMap(buf[:len(buf)-1]); err == nil {
			t.Fatalf("%x accepted cut by a byte", buf)
		}
		if _, err := ParsePrivateMap(append(bytes.Clone(buf), 0)); err == nil {
			t.Fatalf("%x accepted with a trailing byte", buf)
		}
	})
}

// TestWriteFuzzCorpus writes the seed corpus of FuzzDecode and
// FuzzVerifyAt into testdata/fuzz.
func TestWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("USERSIG_WRITE_CORPUS") == "" {
		t.Skip("set USERSIG_WRITE_CORPUS=1 to regenerate testdata/fuzz")
	}
	write := func(target string, i int, body string) {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("seed-%03d-%x", i, sha256.Sum256([]byte(body)))[:20]
		if err := os.WriteFile(filepath.Join(dir, name), []byte("go test fuzz v1\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	v := vectors(t)
	for i, sig := range corpusSigs(t) {
		write("FuzzDecode", i, fmt.Sprintf("string(%q)\n", sig))
	}
	i := 0
	add := func(sig, user string, now int64) {
		write("FuzzVerifyAt", i, fmt.Sprintf("string(%q)\nstring(%q)\nint64(%d)\n", sig, user, now))
		i++
	}
	for _, h := range v.HMAC {
		add(h.ExpectedSig, h.Identifier, h.Time)
	}
	for _, r := range v.HMACReject {
		add(r.Sig, r.Identifier, r.Now)
	}
	for _, e := range v.ECDSA {
		add(e.Sig, e.Identifier, e.VerifyAt)
	}
	s, err := NewHMACSigner(1400000000, benchKey, WithClock(pinned(1700000000)))
	if err != nil {
		t.Fatal(err)
	}
	pmk, err := s.SignPrivateMapKey("xiaojun", time.Hour, PrivateMap{RoomStr: "room-1", Privileges: PrivAll})
	if err != nil {
		t.Fatal(err)
	}
	add(pmk, "xiaojun", 1700000000)
}
