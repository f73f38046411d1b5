package usersig

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Rules of SPEC.md that no vector of vectors.json exercises, each with its
// expectation taken from the spec.

// TestBase64URLRefused: SPEC.md §1, "RFC 4648 base64url (-_, no padding)
// is not this variant and is rejected/misdecoded (hmac-rej-09)". Every
// official UserSig re-encoded in base64url, padded or not, is refused.
func TestBase64URLRefused(t *testing.T) {
	t.Parallel()
	tested := 0
	for _, v := range vectors(t).HMAC {
		bin, err := base64.StdEncoding.DecodeString(tencentToStd(v.ExpectedSig))
		require.NoError(t, err)
		for name, enc := range map[string]*base64.Encoding{"raw": base64.RawURLEncoding, "padded": base64.URLEncoding} {
			sig := enc.EncodeToString(bin)
			if sig == v.ExpectedSig {
				continue // no character where the alphabets differ
			}
			tested++
			t.Run(v.ID+"/"+name, func(t *testing.T) {
				t.Parallel()
				ver, err := NewHMACVerifier(v.SDKAppID, v.Key)
				require.NoError(t, err)
				_, err = ver.VerifyAt(sig, v.Identifier, time.Unix(v.Time, 0))
				require.ErrorIs(t, err, ErrMalformed)
				_, _, err = Decode(sig)
				require.ErrorIs(t, err, ErrMalformed)
			})
		}
	}
	require.NotZero(t, tested)
}

func tencentToStd(sig string) string {
	b := []byte(sig)
	for i, c := range b {
		switch c {
		case '*':
			b[i] = '+'
		case '-':
			b[i] = '/'
		case '_':
			b[i] = '='
		}
	}
	return string(b)
}

// TestLegacyUserBufTicketNeedsAppIDAt3rd: SPEC.md §3, "Userbuf ticket
// (JsonToUserbufSign): all seven lines mandatory". A legacy ticket with a
// userbuf but no TLS.appid_at_3rd is refused, even signed over the six
// lines a plain ticket without it would sign; with the field it verifies.
func TestLegacyUserBufTicketNeedsAppIDAt3rd(t *testing.T) {
	t.Parallel()
	k := ecdsaKeys(t)["gen-p256-1"]
	blk, _ := pem.Decode([]byte(k.PrivPKCS8))
	priv, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	require.NoError(t, err)
	ver, err := NewECDSAVerifier(testApp, []byte(k.PublicPEM))
	require.NoError(t, err)
	// ticket signs the legacy document whose optional TLS.appid_at_3rd is
	// appid3rd (none if empty) over the lines the C++ reference builds.
	ticket := func(appid3rd string) string {
		sts, field := "", ""
		if appid3rd != "" {
			sts, field = "TLS.appid_at_3rd:"+appid3rd+"\n", `"TLS.appid_at_3rd":"`+appid3rd+`",`
		}
		sts += "TLS.account_type:0\nTLS.identifier:xiaojun\nTLS.sdk_appid:1400000000\nTLS.time:1700000000\nTLS.expire_after:86400\nTLS.userbuf:YWJj\n"
		digest := sha256.Sum256([]byte(sts))
		der, err := ecdsa.SignASN1(rand.Reader, priv.(*ecdsa.PrivateKey), digest[:])
		require.NoError(t, err)
		doc := `{"TLS.account_type":"0",` + field + `"TLS.expire_after":"86400","TLS.identifier":"xiaojun","TLS.sdk_appid":"1400000000","TLS.sig":"` +
			base64.StdEncoding.EncodeToString(der) + `","TLS.time":"1700000000","TLS.userbuf":"YWJj","TLS.version":"201610110000"}`
		return tencentB64.EncodeToString(appendZlibStored(nil, []byte(doc)))
	}
	cases := []struct {
		name     string
		appid3rd string
		want     error
	}{
		{"with TLS.appid_at_3rd", "0", nil},
		{"without TLS.appid_at_3rd", "", ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tok, err := ver.VerifyUserBufAt(ticket(c.appid3rd), "xiaojun", []byte("abc"), time.Unix(testIssued, 0))
			if c.want != nil {
				require.ErrorIs(t, err, c.want)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, []byte("abc"), tok.UserBuf)
		})
	}
}

// TestPrivateMapLengthsAreBytes: SPEC.md §2, the PrivateMap buffer's
// "u16 len(account) BYTE length in Go/C++/PHP" and "[u16 len(roomStr) +
// roomStr bytes]", "Length = 3 + len(account) + 20 (+ 2 + len(roomStr))".
func TestPrivateMapLengthsAreBytes(t *testing.T) {
	t.Parallel()
	const user, room = "😀é", "房间" // 6 bytes each, 2 characters
	exp := time.Unix(testIssued+300, 0)
	cases := []struct {
		name string
		p    PrivateMap
		want string
	}{
		{"numeric room", PrivateMap{RoomID: 10000, Privileges: PrivAll},
			"00" + "0006" + hex.EncodeToString([]byte(user)) + "53724e00" + "00002710" + "6553f22c" + "000000ff" + "00000000"},
		{"string room", PrivateMap{RoomStr: room, Privileges: 42},
			"01" + "0006" + hex.EncodeToString([]byte(user)) + "53724e00" + "00000000" + "6553f22c" + "0000002a" + "00000000" + "0006" + hex.EncodeToString([]byte(room))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			buf := c.p.UserBuf(testApp, user, exp)
			assert.Equal(t, c.want, hex.EncodeToString(buf))
			info, err := ParsePrivateMap(buf)
			require.NoError(t, err)
			assert.Equal(t, user, info.UserID)
			assert.Equal(t, c.p, info.PrivateMap)
		})
	}
}

// TestStricterThanOfficialGo pins the refusals the package documentation
// lists under "Differences" that the official Go libraries accept: an HMAC
// TLS.sig in non-canonical base64 (SPEC.md §2: "44 chars, padded"; the
// official library decodes it leniently through encoding/json) and a
// legacy DER signature followed by other bytes (SPEC.md §3: the official
// Go legacy library's "asn1.Unmarshal (trailing bytes ignored)").
func TestStricterThanOfficialGo(t *testing.T) {
	t.Parallel()
	plain, err := testSigner(t).Sign("xiaojun", time.Hour)
	require.NoError(t, err)
	doc := string(inflateForTest(t, plain))
	at := strings.Index(doc, `"TLS.sig":"`) + len(`"TLS.sig":"`)
	mac := doc[at : at+44]
	withMAC := func(m string) string {
		return tencentB64.EncodeToString(appendZlibStored(nil, []byte(doc[:at]+m+doc[at+44:])))
	}
	// 32 bytes leave 2 padding bits in the 43rd character; set one.
	loose := []byte(mac)
	loose[42] = tencentAlphabet[strings.IndexByte(tencentAlphabet, loose[42])|1]
	got, err := base64.StdEncoding.DecodeString(string(loose))
	require.NoError(t, err)
	want, _ := base64.StdEncoding.DecodeString(mac)
	require.Equal(t, want, got, "the same MAC to a lenient decoder")

	k := ecdsaKeys(t)["gen-p256-1"]
	es, err := NewECDSASigner(testApp, []byte(k.PrivSEC1), WithClock(pinned(testIssued)))
	require.NoError(t, err)
	ev, err := NewECDSAVerifier(testApp, []byte(k.PublicPEM))
	require.NoError(t, err)
	legacy, err := es.Sign("xiaojun", time.Hour)
	require.NoError(t, err)
	var ldoc map[string]string
	require.NoError(t, json.Unmarshal(inflateForTest(t, legacy), &ldoc))
	ldoc["TLS.sig"] = base64.StdEncoding.EncodeToString(append(legacySigDER(t, legacy), 0))
	lj, err := json.Marshal(ldoc)
	require.NoError(t, err)

	hv := testVerifier(t)
	for v, sig := range map[*Verifier]string{hv: withMAC(mac), ev: legacy} { // untouched, they verify
		_, err := v.VerifyAt(sig, "xiaojun", time.Unix(testIssued, 0))
		require.NoError(t, err)
	}
	cases := []struct {
		name string
		v    *Verifier
		sig  string
	}{
		{"HMAC TLS.sig with CR LF", hv, withMAC(mac[:16] + `\r\n` + mac[16:])},
		{"HMAC TLS.sig with a padding bit set", hv, withMAC(string(loose))},
		{"legacy DER with a trailing byte", ev, tencentB64.EncodeToString(appendZlibStored(nil, lj))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := c.v.VerifyAt(c.sig, "xiaojun", time.Unix(testIssued, 0))
			require.ErrorIs(t, err, ErrSignature)
		})
	}
}
