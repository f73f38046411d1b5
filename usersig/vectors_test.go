package usersig

import (
	"bytes"
	"compress/zlib"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	k1ecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The vectors come from ../shared/usersig/vectors.json (official libraries
// with a pinned clock), copied into testdata so a fresh clone has them.

type vectorFile struct {
	HMAC       []hmacVector  `json:"hmac"`
	HMACReject []hmacReject  `json:"hmac_reject"`
	ECDSAKeys  []ecdsaKeyVec `json:"ecdsa_keys"`
	ECDSA      []ecdsaVector `json:"ecdsa"`
}

type hmacVector struct {
	ID           string  `json:"id"`
	API          string  `json:"api"`
	SDKAppID     uint64  `json:"sdkappid"`
	Key          string  `json:"key"`
	Identifier   string  `json:"identifier"`
	Expire       int64   `json:"expire"`
	Time         int64   `json:"time"`
	UserBufHex   *string `json:"userbuf_hex"`
	RoomID       *uint32 `json:"roomid"`
	RoomStr      *string `json:"room_str"`
	PrivilegeMap *uint32 `json:"privilege_map"`
	StringToSign string  `json:"string_to_sign"`
	TLSSig       string  `json:"tls_sig"`
	ExpectedSig  string  `json:"expected_sig"`
	ExpectedJSON string  `json:"expected_json"`
	Other        map[string]struct {
		Sig            string `json:"sig"`
		JSON           string `json:"json"`
		GoMasterVerify string `json:"go_master_verify"`
	} `json:"other_official_outputs"`
	VerifyCases []verifyCase `json:"verify_cases"`
}

type verifyCase struct {
	Desc       string  `json:"desc"`
	Func       string  `json:"func"`
	SDKAppID   uint64  `json:"sdkappid"`
	Key        string  `json:"key"`
	Identifier string  `json:"identifier"`
	Now        int64   `json:"now"`
	UserBufHex *string `json:"userbuf_hex"`
	Expect     string  `json:"expect"`
}

type hmacReject struct {
	ID         string `json:"id"`
	Func       string `json:"func"`
	SDKAppID   uint64 `json:"sdkappid"`
	Key        string `json:"key"`
	Identifier string `json:"identifier"`
	Now        int64  `json:"now"`
	Sig        string `json:"sig"`
	MustAccept bool   `json:"must_accept"`
	OfficialGo string `json:"official_go_result"`
}

type ecdsaKeyVec struct {
	ID         string `json:"id"`
	Curve      string `json:"curve"`
	PrivSEC1   string `json:"private_key_sec1_pem"`
	PrivPKCS8  string `json:"private_key_pkcs8_pem"`
	PublicPEM  string `json:"public_key_pem"`
	SourceNote string `json:"source"`
}

type ecdsaVector struct {
	ID           string  `json:"id"`
	Curve        string  `json:"curve"`
	KeyID        string  `json:"key_id"`
	SDKAppID     uint64  `json:"sdkappid"`
	Identifier   string  `json:"identifier"`
	ExpireAfter  int64   `json:"expire_after"`
	Time         int64   `json:"time"`
	UserBufHex   *string `json:"userbuf_hex"`
	Sig          string  `json:"sig"`
	DecodedJSON  string  `json:"decoded_json"`
	StringToSign string  `json:"string_to_sign"`
	VerifyAt     int64   `json:"verify_at"`
	Expect       string  `json:"expect"`
	Reason       string  `json:"reason"`
}

// vectors reads testdata/vectors.json. Each caller parses its own copy
// (about a millisecond): a package-level cache would keep it alive through
// the benchmarks that follow the tests and inflate the GC share of the
// allocating ones.
func vectors(t testing.TB) *vectorFile {
	t.Helper()
	b, err := os.ReadFile("testdata/vectors.json")
	require.NoError(t, err)
	var v vectorFile
	require.NoError(t, json.Unmarshal(b, &v))
	return &v
}

func mustHex(t testing.TB, s *string) []byte {
	t.Helper()
	if s == nil {
		return nil
	}
	b, err := hex.DecodeString(*s)
	require.NoError(t, err)
	return b
}

// expectErr maps the official Go error texts to this package's sentinels.
var expectErr = map[string]error{
	"ok":                     nil,
	"expired":                ErrExpired,
	"sig not match":          ErrSignature,
	"identifier not match":   ErrUserIDMismatch,
	"sdk appid not match":    ErrSDKAppIDMismatch,
	"userbuf type not match": ErrUserBufMismatch,
	"userbuf not match":      ErrUserBufMismatch,
}

// unverifiable are the vectors whose official output cannot be verified
// (or only by accident); this package refuses to sign them.
var unverifiable = map[string]string{
	"hmac-18-empty-identifier": "UserID is empty",
	"hmac-19-expire-zero":      "TTL 0s is not positive",
	"hmac-20-empty-userbuf":    "UserBuf is empty but not nil",
}

// specStringToSign builds the HMAC string to sign of the spec,
// independently of the signer and verifier code.
func specStringToSign(dst, identifier []byte, sdkAppID uint64, issued, expire int64, hasUserBuf bool, userBuf []byte) []byte {
	dst = append(dst, "TLS.identifier:"...)
	dst = append(dst, identifier...)
	dst = append(dst, "\nTLS.sdkappid:"...)
	dst = strconv.AppendUint(dst, sdkAppID, 10)
	dst = append(dst, "\nTLS.time:"...)
	dst = strconv.AppendInt(dst, issued, 10)
	dst = append(dst, "\nTLS.expire:"...)
	dst = strconv.AppendInt(dst, expire, 10)
	dst = append(dst, '\n')
	if hasUserBuf {
		dst = append(dst, "TLS.userbuf:"...)
		dst = base64.StdEncoding.AppendEncode(dst, userBuf)
		dst = append(dst, '\n')
	}
	return dst
}

func pinned(sec int64) func() time.Time {
	return func() time.Time { return time.Unix(sec, 0) }
}

func TestVectorsHMACSign(t *testing.T) {
	t.Parallel()
	for _, v := range vectors(t).HMAC {
		t.Run(v.ID, func(t *testing.T) {
			t.Parallel()
			s, err := NewHMACSigner(v.SDKAppID, v.Key, WithClock(pinned(v.Time)))
			require.NoError(t, err)
			tok := Token{
				UserID:   v.Identifier,
				IssuedAt: time.Unix(v.Time, 0),
				TTL:      time.Duration(v.Expire) * time.Second,
				UserBuf:  mustHex(t, v.UserBufHex),
			}
			if v.UserBufHex != nil && *v.UserBufHex == "" {
				tok.UserBuf = []byte{}
			}
			sig, err := s.SignToken(tok)
			if want, bad := unverifiable[v.ID]; bad {
				require.Error(t, err)
				assert.Contains(t, err.Error(), want)
				assert.Empty(t, sig)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, v.ExpectedSig, sig, "byte-identical to the official Go library")

			// The inner layers too: string to sign, HMAC and JSON.
			sts := specStringToSign(nil, []byte(v.Identifier), v.SDKAppID, v.Time, v.Expire, tok.UserBuf != nil, tok.UserBuf)
			assert.Equal(t, v.StringToSign, string(sts))
			j := inflateForTest(t, sig)
			assert.Equal(t, v.ExpectedJSON, string(j))
			assert.Contains(t, string(j), `"TLS.sig":"`+v.TLSSig+`"`)

			if v.PrivilegeMap != nil {
				p := PrivateMap{Privileges: Privilege(*v.PrivilegeMap)}
				if v.RoomID != nil {
					p.RoomID = *v.RoomID
				}
				if v.RoomStr != nil {
					p.RoomStr = *v.RoomStr
				}
				buf := p.UserBuf(v.SDKAppID, v.Identifier, time.Unix(v.Time+v.Expire, 0))
				assert.Equal(t, *v.UserBufHex, hex.EncodeToString(buf), "PrivateMap buffer")
				pmk, err := s.SignPrivateMapKey(v.Identifier, time.Duration(v.Expire)*time.Second, p)
				require.NoError(t, err)
				assert.Equal(t, v.ExpectedSig, pmk, "SignPrivateMapKey")

				info, err := ParsePrivateMap(buf)
				require.NoError(t, err)
				assert.Equal(t, p, info.PrivateMap)
				assert.Equal(t, v.Identifier, info.UserID)
				assert.Equal(t, v.SDKAppID, info.SDKAppID)
				assert.Equal(t, v.Time+v.Expire, info.ExpiresAt.Unix())
			}
		})
	}
}

// inflateForTest undoes the envelope with the standard library only, as an
// independent decoder.
func inflateForTest(t testing.TB, sig string) []byte {
	t.Helper()
	bin, err := base64.StdEncoding.DecodeString(strings.NewReplacer("*", "+", "-", "/", "_", "=").Replace(sig))
	require.NoError(t, err)
	zr, err := zlib.NewReader(bytes.NewReader(bin))
	require.NoError(t, err)
	j, err := io.ReadAll(zr)
	require.NoError(t, err)
	return j
}

func TestVectorsHMACVerifyCases(t *testing.T) {
	t.Parallel()
	for _, v := range vectors(t).HMAC {
		t.Run(v.ID, func(t *testing.T) {
			t.Parallel()
			for _, c := range v.VerifyCases {
				want, known := expectErr[c.Expect]
				require.True(t, known, c.Expect)
				ver, err := NewHMACVerifier(c.SDKAppID, c.Key)
				require.NoError(t, err)
				now := time.Unix(c.Now, 0)
				var tok Token
				switch c.Func {
				case "VerifyUserSig":
					tok, err = ver.VerifyAt(v.ExpectedSig, c.Identifier, now)
				case "VerifyUserSigWithBuf":
					buf := mustHex(t, c.UserBufHex)
					if buf == nil {
						buf = []byte{}
					}
					tok, err = ver.VerifyUserBufAt(v.ExpectedSig, c.Identifier, buf, now)
				default:
					t.Fatalf("unknown func %q", c.Func)
				}
				if want == nil {
					require.NoError(t, err, c.Desc)
					assert.Equal(t, c.Identifier, tok.UserID)
					assert.Equal(t, v.SDKAppID, tok.SDKAppID)
					assert.Equal(t, v.Time, tok.IssuedAt.Unix())
					assert.Equal(t, time.Duration(v.Expire)*time.Second, tok.TTL)
					continue
				}
				assert.ErrorIs(t, err, want, "%s: want %q", c.Desc, c.Expect)
			}
		})
	}
}

func TestVectorsHMACOtherLibraries(t *testing.T) {
	t.Parallel()
	for _, v := range vectors(t).HMAC {
		for lib, o := range v.Other {
			t.Run(v.ID+"/"+lib, func(t *testing.T) {
				t.Parallel()
				want, known := expectErr[o.GoMasterVerify]
				require.True(t, known, o.GoMasterVerify)
				ver, err := NewHMACVerifier(v.SDKAppID, v.Key)
				require.NoError(t, err)
				now := time.Unix(v.Time, 0)
				if v.UserBufHex == nil {
					_, err = ver.VerifyAt(o.Sig, v.Identifier, now)
				} else {
					_, err = ver.VerifyUserBufAt(o.Sig, v.Identifier, mustHex(t, v.UserBufHex), now)
				}
				if want == nil {
					require.NoError(t, err)
				} else {
					require.ErrorIs(t, err, want)
				}
				tok, alg, err := Decode(o.Sig)
				require.NoError(t, err)
				assert.Equal(t, HMACSHA256, alg)
				assert.Equal(t, v.Identifier, tok.UserID)
			})
		}
	}
}

func TestVectorsHMACReject(t *testing.T) {
	t.Parallel()
	for _, r := range vectors(t).HMACReject {
		t.Run(r.ID, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, "VerifyUserSig", r.Func)
			ver, err := NewHMACVerifier(r.SDKAppID, r.Key)
			require.NoError(t, err)
			_, err = ver.VerifyAt(r.Sig, r.Identifier, time.Unix(r.Now, 0))
			if r.MustAccept {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			if r.Sig != "" {
				assert.NotContains(t, err.Error(), r.Sig, "errors never echo the UserSig")
			}
			// The official verifier's answer: a mismatch, or an error of
			// its base64, zlib or JSON stage (ErrMalformed here).
			want := expectErr[r.OfficialGo]
			if want == nil {
				want = ErrMalformed
			}
			require.ErrorIs(t, err, want, "official: %s", r.OfficialGo)
		})
	}
}

func ecdsaKeys(t testing.TB) map[string]ecdsaKeyVec {
	m := map[string]ecdsaKeyVec{}
	for _, k := range vectors(t).ECDSAKeys {
		m[k.ID] = k
	}
	return m
}

func TestVectorsECDSA(t *testing.T) {
	t.Parallel()
	keys := ecdsaKeys(t)
	for _, v := range vectors(t).ECDSA {
		t.Run(v.ID, func(t *testing.T) {
			t.Parallel()
			k, ok := keys[v.KeyID]
			require.True(t, ok, v.KeyID)
			assert.Equal(t, k.Curve, v.Curve)
			ver, err := NewECDSAVerifier(v.SDKAppID, []byte(k.PublicPEM))
			require.NoError(t, err)
			now := time.Unix(v.VerifyAt, 0)
			var tok Token
			if v.UserBufHex == nil {
				tok, err = ver.VerifyAt(v.Sig, v.Identifier, now)
			} else {
				tok, err = ver.VerifyUserBufAt(v.Sig, v.Identifier, mustHex(t, v.UserBufHex), now)
			}
			switch v.Expect {
			case "accept":
				require.NoError(t, err)
				assert.Equal(t, v.Identifier, tok.UserID)
				assert.Equal(t, v.SDKAppID, tok.SDKAppID)
				assert.Equal(t, v.Time, tok.IssuedAt.Unix())
				assert.Equal(t, time.Duration(v.ExpireAfter)*time.Second, tok.TTL)
				assert.Equal(t, mustHex(t, v.UserBufHex), tok.UserBuf)
			case "reject":
				require.Error(t, err)
				switch {
				case v.Reason == "expired":
					assert.ErrorIs(t, err, ErrExpired)
				case strings.HasSuffix(v.ID, "-rej-as-plain"): // refused before its signature: it carries a userbuf
					assert.ErrorIs(t, err, ErrUserBufMismatch)
				default:
					assert.ErrorIs(t, err, ErrSignature)
				}
			default:
				t.Fatalf("unknown expect %q", v.Expect)
			}

			// The decoder sees the documented string to sign.
			var ds work
			require.NoError(t, ds.decode(v.Sig))
			if v.Expect == "accept" || v.UserBufHex != nil {
				assert.Equal(t, v.StringToSign, string(appendStringToSign(nil, ECDSASHA256, &ds.doc)))
			}
			tok2, alg, err := Decode(v.Sig)
			require.NoError(t, err)
			assert.Equal(t, ECDSASHA256, alg)
			assert.Equal(t, v.Identifier, tok2.UserID)

			// An HMAC verifier refuses legacy tickets with ErrAlgorithm.
			hv, err := NewHMACVerifier(v.SDKAppID, "k")
			require.NoError(t, err)
			_, err = hv.VerifyAt(v.Sig, v.Identifier, now)
			assert.ErrorIs(t, err, ErrAlgorithm)
		})
	}
}

// TestECDSASignRoundTrip signs with every private key of the vectors (SEC1
// and PKCS#8, P-256 and secp256k1) and checks the result with this
// package's verifier and, independently, over the documented string to
// sign.
func TestECDSASignRoundTrip(t *testing.T) {
	t.Parallel()
	for _, k := range vectors(t).ECDSAKeys {
		for form, pemText := range map[string]string{"sec1": k.PrivSEC1, "pkcs8": k.PrivPKCS8} {
			if pemText == "" {
				continue
			}
			t.Run(k.ID+"/"+form, func(t *testing.T) {
				t.Parallel()
				const app, issued = 1400000000, 1700000000
				s, err := NewECDSASigner(app, []byte(pemText), WithClock(pinned(issued)))
				require.NoError(t, err)
				assert.Equal(t, ECDSASHA256, s.Algorithm())
				pub, err := s.PublicKeyPEM()
				require.NoError(t, err)
				assert.Equal(t, k.PublicPEM, string(pub))
				ver, err := NewECDSAVerifier(app, []byte(k.PublicPEM))
				require.NoError(t, err)

				for _, ub := range [][]byte{nil, []byte("abc"), {0, 0xff, 0x80, 0x0a}} {
					sig, err := s.SignToken(Token{UserID: "xiaojun<&>", TTL: 86400 * time.Second, UserBuf: ub})
					require.NoError(t, err)
					var tok Token
					if ub == nil {
						tok, err = ver.VerifyAt(sig, "xiaojun<&>", time.Unix(issued+86400, 0))
					} else {
						tok, err = ver.VerifyUserBufAt(sig, "xiaojun<&>", ub, time.Unix(issued+86400, 0))
					}
					require.NoError(t, err)
					assert.Equal(t, ub, tok.UserBuf)
					_, err = ver.VerifyAt(sig, "xiaojun<&>", time.Unix(issued+86401, 0))
					assert.ErrorIs(t, err, ErrExpired)

					// Independent check: the DER signature verifies over
					// the documented legacy string to sign.
					sts := "TLS.appid_at_3rd:0\nTLS.account_type:0\nTLS.identifier:xiaojun<&>\nTLS.sdk_appid:1400000000\nTLS.time:1700000000\nTLS.expire_after:86400\n"
					if ub != nil {
						sts += "TLS.userbuf:" + base64.StdEncoding.EncodeToString(ub) + "\n"
					}
					der := legacySigDER(t, sig)
					assert.True(t, verifyDER(t, k, []byte(sts), der), "signature over the string to sign")
					if opensslAvailable() {
						assert.True(t, opensslVerify(t, k.PublicPEM, []byte(sts), der), "openssl dgst -verify")
					}
				}
			})
		}
	}
}

// TestECDSAHighSAccepted: a legacy signature (r, n-s) verifies, as with
// OpenSSL, on both curves; the vectors have a high-S ticket on P-256 only,
// and Tencent issued most legacy apps secp256k1 keys.
func TestECDSAHighSAccepted(t *testing.T) {
	t.Parallel()
	keys := ecdsaKeys(t)
	for id, n := range map[string]*big.Int{"gen-p256-1": elliptic.P256().Params().N, "gen-secp256k1-1": secp256k1.Params().N} {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			s, err := NewECDSASigner(testApp, []byte(keys[id].PrivSEC1), WithClock(pinned(testIssued)))
			require.NoError(t, err)
			v, err := NewECDSAVerifier(testApp, []byte(keys[id].PublicPEM))
			require.NoError(t, err)
			sig, err := s.Sign("xiaojun", time.Hour)
			require.NoError(t, err)
			var rs struct{ R, S *big.Int }
			_, err = asn1.Unmarshal(legacySigDER(t, sig), &rs)
			require.NoError(t, err)
			if rs.S.Cmp(new(big.Int).Rsh(n, 1)) <= 0 { // secp256k1 signs low-S, P-256 either
				rs.S.Sub(n, rs.S)
			}
			der, err := asn1.Marshal(rs)
			require.NoError(t, err)
			var doc map[string]string
			require.NoError(t, json.Unmarshal(inflateForTest(t, sig), &doc))
			doc["TLS.sig"] = base64.StdEncoding.EncodeToString(der)
			j, err := json.Marshal(doc)
			require.NoError(t, err)
			_, err = v.VerifyAt(tencentB64.EncodeToString(appendZlibStored(nil, j)), "xiaojun", time.Unix(testIssued, 0))
			require.NoError(t, err)
		})
	}
}

// legacySigDER extracts TLS.sig of a legacy ticket with encoding/json, as
// an independent decoder would.
func legacySigDER(t testing.TB, sig string) []byte {
	t.Helper()
	j := inflateForTest(t, sig)
	var m map[string]string
	require.NoError(t, json.Unmarshal(j, &m))
	der, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(m["TLS.sig"]))
	require.NoError(t, err)
	return der
}

func verifyDER(t testing.TB, k ecdsaKeyVec, msg, der []byte) bool {
	t.Helper()
	key, err := parseKeyPEM("NewECDSAVerifier", []byte(k.PublicPEM))
	require.NoError(t, err)
	digest := sha256.Sum256(msg)
	if key.p256Pub != nil {
		return ecdsa.VerifyASN1(key.p256Pub, digest[:], der)
	}
	// secp256k1: through the same library, but over an independently
	// built string to sign.
	sig, err := k1ecdsa.ParseDERSignature(der)
	return err == nil && sig.Verify(digest[:], key.k1Pub)
}

func opensslAvailable() bool {
	_, err := exec.LookPath("openssl")
	return err == nil
}

// opensslVerify checks der over msg with "openssl dgst -sha256 -verify".
func opensslVerify(t testing.TB, pubPEM string, msg, der []byte) bool {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, b, 0o600))
		return p
	}
	pub, m, s := write("pub.pem", []byte(pubPEM)), write("msg", msg), write("sig.der", der)
	out, err := exec.Command("openssl", "dgst", "-sha256", "-verify", pub, "-signature", s, m).CombinedOutput()
	return err == nil && strings.Contains(string(out), "Verified OK")
}

// TestVerifyCheckOrder: a UserSig for another app and another user fails
// with the first check of its algorithm's official verifier: the HMAC one
// (tls-sig-api-v2-golang) compares the SDKAppID first, the legacy one
// (tls-sig-api-golang) the identifier (SPEC.md §2 and §3 "Verify order").
func TestVerifyCheckOrder(t *testing.T) {
	t.Parallel()
	vf, keys := vectors(t), ecdsaKeys(t)
	hmacVec, ecdsaVec := vf.HMAC[0], vf.ECDSA[0]
	for _, v := range vf.ECDSA {
		if v.ID == "ecdsa-go-01-sec1" {
			ecdsaVec = v
		}
	}
	require.Equal(t, "ecdsa-go-01-sec1", ecdsaVec.ID)
	hv, err := NewHMACVerifier(hmacVec.SDKAppID+1, hmacVec.Key)
	require.NoError(t, err)
	ev, err := NewECDSAVerifier(ecdsaVec.SDKAppID+1, []byte(keys[ecdsaVec.KeyID].PublicPEM))
	require.NoError(t, err)
	cases := []struct {
		name string
		v    *Verifier
		sig  string
		now  int64
		want error
	}{
		{"HMAC: sdkappid first", hv, hmacVec.ExpectedSig, hmacVec.Time, ErrSDKAppIDMismatch},
		{"legacy: identifier first", ev, ecdsaVec.Sig, ecdsaVec.VerifyAt, ErrUserIDMismatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := c.v.VerifyAt(c.sig, "someone-else", time.Unix(c.now, 0))
			require.ErrorIs(t, err, c.want)
		})
	}
}
