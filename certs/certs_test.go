package certs_test

import (
	"bytes"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/certs/certstest"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/testkit"
)

func TestCreateIOSReadsTheFactsFromTheCertificate(t *testing.T) {
	t.Parallel()
	for _, env := range []certs.Environment{certs.EnvironmentProduction, certs.EnvironmentDevelopment} {
		t.Run(string(env), func(t *testing.T) {
			t.Parallel()
			_, console, id := setup(t)
			notAfter := inAYear()
			got, err := console.Certs.CreateIOS(t.Context(), id, certs.APNsCertificate{P12: apnsP12(t, bundle, env, notAfter, password), Password: password})
			require.NoError(t, err)
			assert.EqualValues(t, 10001, got.CertificateID)
			assert.Equal(t, certs.PlatformIOS, got.Platform)
			assert.Equal(t, certs.VendorAPNs, got.Vendor)
			assert.Equal(t, certs.AuthCertificate, got.AuthType)
			assert.Equal(t, bundle, got.BundleID)
			assert.Equal(t, env, got.Environment)
			require.NotNil(t, got.ExpiresAt)
			assert.True(t, notAfter.Equal(*got.ExpiresAt), "%v != %v", notAfter, got.ExpiresAt)
			assert.False(t, got.Expired(time.Now()))
			assert.True(t, got.Expired(notAfter.Add(time.Second)))
			assert.Equal(t, certs.OpenApp(), got.ClickAction)
			assert.Equal(t, certs.Masked, got.P12)
			assert.Equal(t, certs.Masked, got.P12Password)
			assert.Empty(t, got.P8Key+got.KeyID+got.TeamID+got.PackageName+got.AppSecret)
		})
	}
}

func TestCreateIOSAcceptsExpectationsThatHoldAndNoPassword(t *testing.T) {
	t.Parallel()
	_, console, id := setup(t)
	got, err := console.Certs.CreateIOS(t.Context(), id, certs.APNsCertificate{
		P12:      apnsP12(t, bundle, certs.EnvironmentDevelopment, inAYear(), ""),
		BundleID: bundle, Environment: certs.EnvironmentDevelopment,
	})
	require.NoError(t, err)
	assert.Equal(t, certs.EnvironmentDevelopment, got.Environment)
	assert.Equal(t, certs.Masked, got.P12Password, "an empty password is masked too: responses do not tell")
}

func TestCreateIOSRefusals(t *testing.T) {
	t.Parallel()
	good := func(t *testing.T) []byte { return apnsP12(t, bundle, certs.EnvironmentProduction, inAYear(), password) }
	// around builds a P12 of a fresh APNs certificate.
	around := func(t *testing.T, build func(*x509.Certificate) ([]byte, error)) []byte {
		cert, _, err := certstest.APNsCertificate(bundle, certs.EnvironmentProduction, inAYear())
		require.NoError(t, err)
		p12, err := build(cert)
		require.NoError(t, err)
		return p12
	}
	cases := []struct {
		name    string
		cred    func(t *testing.T) certs.APNsCertificate
		code    string
		mention string
	}{
		{"wrong password", func(t *testing.T) certs.APNsCertificate {
			return certs.APNsCertificate{P12: good(t), Password: "not-the-password"}
		}, "InvalidParameterValue.P12Password", "P12Password"},
		{"a password no .p12 can have", func(t *testing.T) certs.APNsCertificate {
			return certs.APNsCertificate{P12: good(t), Password: "key-\U0001F511"}
		}, "InvalidParameterValue.P12Password", "Basic Multilingual Plane"},
		{"no P12", func(t *testing.T) certs.APNsCertificate {
			return certs.APNsCertificate{Password: password}
		}, "MissingParameter", "P12"},
		{"not a PKCS#12 file", func(t *testing.T) certs.APNsCertificate {
			return certs.APNsCertificate{P12: []byte("-----BEGIN CERTIFICATE-----")}
		}, "InvalidParameterValue.P12", "PKCS#12"},
		{"larger than allowed", func(t *testing.T) certs.APNsCertificate {
			return certs.APNsCertificate{P12: make([]byte, certs.MaxP12Bytes+1)}
		}, "InvalidParameterValue.P12", "bytes"},
		{"no certificate", func(t *testing.T) certs.APNsCertificate {
			p12, err := certstest.KeyOnlyP12(ecKey(t, elliptic.P256()))
			require.NoError(t, err)
			return certs.APNsCertificate{P12: p12}
		}, "InvalidParameterValue.P12NoCertificate", "no certificate"},
		{"no private key", func(t *testing.T) certs.APNsCertificate {
			p12 := around(t, func(cert *x509.Certificate) ([]byte, error) { return certstest.CertificateOnlyP12(cert, password) })
			return certs.APNsCertificate{P12: p12, Password: password}
		}, "InvalidParameterValue.P12NoPrivateKey", "no private key"},
		{"no private key, the certificate in a plain safe", func(t *testing.T) certs.APNsCertificate {
			p12 := around(t, func(cert *x509.Certificate) ([]byte, error) {
				return pkcs12.Passwordless.EncodeTrustStore([]*x509.Certificate{cert}, "")
			})
			return certs.APNsCertificate{P12: p12}
		}, "InvalidParameterValue.P12NoPrivateKey", "no private key"},
		{"a certificate and no key in a PKCS#12 of another layout", func(t *testing.T) certs.APNsCertificate {
			p12 := around(t, func(cert *x509.Certificate) ([]byte, error) {
				return pkcs12.LegacyRC2.EncodeTrustStore([]*x509.Certificate{cert}, password)
			})
			return certs.APNsCertificate{P12: p12, Password: password}
		}, "InvalidParameterValue.P12NoPrivateKey", "no private key"},
		{"the key of another certificate", func(t *testing.T) certs.APNsCertificate {
			p12 := around(t, func(cert *x509.Certificate) ([]byte, error) {
				return certstest.P12(cert, ecKey(t, elliptic.P256()), password)
			})
			return certs.APNsCertificate{P12: p12, Password: password}
		}, "InvalidParameterValue.P12KeyMismatch", "does not belong"},
		{"not an APNs certificate", func(t *testing.T) certs.APNsCertificate {
			cert, key := tlsCertificate(t)
			p12, err := certstest.P12(cert, key, password)
			require.NoError(t, err)
			return certs.APNsCertificate{P12: p12, Password: password}
		}, "InvalidParameterValue.NotAPNsCertificate", "www.example.com"},
		{"expired", func(t *testing.T) certs.APNsCertificate {
			return certs.APNsCertificate{P12: apnsP12(t, bundle, certs.EnvironmentProduction, time.Now().Add(-time.Hour), password), Password: password}
		}, "InvalidParameterValue.CertificateExpired", "expired"},
		{"wildcard bundle ID", func(t *testing.T) certs.APNsCertificate {
			return certs.APNsCertificate{P12: apnsP12(t, "com.example.*", certs.EnvironmentProduction, inAYear(), password), Password: password}
		}, "InvalidParameterValue.BundleId", "wildcard"},
		{"another bundle ID than expected", func(t *testing.T) certs.APNsCertificate {
			return certs.APNsCertificate{P12: good(t), Password: password, BundleID: "com.example.other"}
		}, "InvalidParameterValue.BundleId", "com.example.other"},
		{"another environment than expected", func(t *testing.T) certs.APNsCertificate {
			return certs.APNsCertificate{P12: apnsP12(t, bundle, certs.EnvironmentDevelopment, inAYear(), password), Password: password, Environment: certs.EnvironmentProduction}
		}, "InvalidParameterValue.Environment", "Development"},
		{"an unknown environment expected", func(t *testing.T) certs.APNsCertificate {
			return certs.APNsCertificate{P12: good(t), Password: password, Environment: "Sandbox"}
		}, "InvalidParameterValue.Environment", "Sandbox"},
		{"the mask as password", func(t *testing.T) certs.APNsCertificate {
			return certs.APNsCertificate{P12: good(t), Password: certs.Masked}
		}, "InvalidParameterValue.P12Password", "mask"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, console, id := setup(t)
			cred := tc.cred(t)
			_, err := console.Certs.CreateIOS(t.Context(), id, cred)
			local := requireLocal(t, srv, 0, err, tc.code)
			assert.Contains(t, local.Message, tc.mention)
			assert.Equal(t, certs.ActionCreate, local.Action)
			requireSameOnServer(t, console, certs.ActionCreate, certs.NewCreateRequest(id, cred, certs.ClickAction{}), local)
		})
	}
}

// TestInspectP12RefusesHighIterationCounts refuses iteration counts over
// the cap before deriving a key. testdata/mac-3m-iterations.p12 is a PFX
// whose MAC asks for 3 000 000 PBKDF iterations and that holds nothing else
// (built with encoding/asn1): go-pkcs12 spends over 2 s refusing it for a
// wrong password.
func TestInspectP12RefusesHighIterationCounts(t *testing.T) {
	t.Parallel()
	cert, key, err := certstest.APNsCertificate("com.example.chat", certs.EnvironmentProduction, time.Now().Add(time.Hour))
	require.NoError(t, err)
	encode := func(enc *pkcs12.Encoder) []byte {
		b, err := enc.Encode(key, cert, nil, "pw")
		require.NoError(t, err)
		return b
	}
	hostile, err := os.ReadFile("testdata/mac-3m-iterations.p12")
	require.NoError(t, err)
	cases := []struct {
		name     string
		p12      []byte
		password string
		refused  bool
	}{
		{"MAC asks for 3 000 000, wrong password", hostile, "wrong", true},
		{"PBES2 and PBKDF2 MAC at the cap", encode(pkcs12.Modern.WithIterations(certs.MaxP12Iterations)), "pw", false},
		{"PBES2 and PBKDF2 MAC over the cap", encode(pkcs12.Modern.WithIterations(certs.MaxP12Iterations + 1)), "pw", true},
		{"PKCS#12 3DES over the cap", encode(pkcs12.LegacyDES.WithIterations(certs.MaxP12Iterations + 1)), "pw", true},
		{"PKCS#12 RC2 over the cap", encode(pkcs12.LegacyRC2.WithIterations(certs.MaxP12Iterations + 1)), "pw", true},
		{"OpenSSL's default 2 048", encode(pkcs12.Modern), "pw", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			info, err := certs.InspectP12(tc.p12, tc.password, time.Now())
			if !tc.refused {
				require.NoError(t, err)
				assert.Equal(t, "com.example.chat", info.BundleID)
				return
			}
			assert.Less(t, time.Since(start), time.Second, "refused before any key derivation")
			assert.True(t, client.HasCode(err, "InvalidParameterValue.P12"), "%v", err)
			assert.Contains(t, err.Error(), "iterations")
		})
	}
}

// TestInspectP12UnderFIPSOnly runs itself again under GODEBUG=fips140=only,
// where the standard library panics on the SHA-1 and 3DES of a .p12 as
// Keychain Access exports it: InspectP12 answers an error naming the mode
// instead, and still opens a .p12 of AES and SHA-256.
func TestInspectP12UnderFIPSOnly(t *testing.T) {
	t.Parallel()
	const env = "IMCONSOLE_TEST_P12_DIR"
	if dir := os.Getenv(env); dir != "" {
		for name, refused := range map[string]bool{"legacy.p12": true, "modern.p12": false} {
			p12, err := os.ReadFile(filepath.Join(dir, name))
			require.NoError(t, err)
			info, err := certs.InspectP12(p12, "pw", time.Now())
			if !refused {
				require.NoError(t, err, name)
				assert.Equal(t, "com.example.chat", info.BundleID)
				continue
			}
			assert.True(t, client.HasCode(err, "InvalidParameterValue.P12"), "%s: %v", name, err)
			assert.ErrorContains(t, err, "GODEBUG=fips140=only", name)
		}
		return
	}
	cert, key, err := certstest.APNsCertificate("com.example.chat", certs.EnvironmentProduction, time.Now().Add(time.Hour))
	require.NoError(t, err)
	dir := t.TempDir()
	for name, enc := range map[string]*pkcs12.Encoder{"legacy.p12": pkcs12.LegacyDES, "modern.p12": pkcs12.Modern} {
		p12, err := enc.Encode(key, cert, nil, "pw")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), p12, 0o600))
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestInspectP12UnderFIPSOnly$", "-test.v")
	cmd.Env = append(os.Environ(), "GODEBUG=fips140=only", env+"="+dir)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "--- PASS: TestInspectP12UnderFIPSOnly")
}

func TestInspectServiceAccountRefusesOversizedKeys(t *testing.T) {
	t.Parallel()
	doc, err := certstest.ServiceAccountJSON(map[string]any{
		"type": "service_account", "project_id": "demo", "client_email": "a@demo.iam.gserviceaccount.com",
		"private_key": "-----BEGIN PRIVATE KEY-----\n" + strings.Repeat("A", certs.MaxServiceAccountKeyBytes) + "\n-----END PRIVATE KEY-----\n",
	})
	require.NoError(t, err)
	_, err = certs.InspectServiceAccount(doc)
	assert.True(t, client.HasCode(err, "InvalidParameterValue.ServiceAccountJson"), "%v", err)
	assert.Contains(t, err.Error(), "bytes, more than")
}

// TestFileSizeBounds: an AuthKey .p8 of more than MaxP8Bytes and a
// service-account file of more than MaxServiceAccountBytes are refused
// before they are parsed (docs/security.md: bounded in size); a valid
// file padded with white space to exactly the bound is taken.
func TestFileSizeBounds(t *testing.T) {
	t.Parallel()
	pad := func(b []byte, to int) []byte {
		return append(slices.Clone(b), bytes.Repeat([]byte("\n"), to-len(b))...)
	}
	_, console, id := setup(t)
	for _, tc := range []struct {
		name string
		size int
		code string // "" when the file is taken
	}{
		{"at the bound", 0, ""},
		{"one byte over", 1, "InvalidParameterValue"},
	} {
		t.Run(".p8 "+tc.name, func(t *testing.T) {
			t.Parallel()
			tok := token(t, bundle, certs.EnvironmentProduction)
			tok.Key = pad(tok.Key, certs.MaxP8Bytes+tc.size)
			_, err := console.Certs.CreateIOSToken(t.Context(), id, tok)
			if tc.code == "" {
				require.NoError(t, err)
				return
			}
			assert.True(t, client.HasCode(err, "InvalidParameterValue.P8Key"), "%v", err)
			assert.Contains(t, err.Error(), fmt.Sprintf("P8Key is %d bytes, more than the %d allowed", certs.MaxP8Bytes+1, certs.MaxP8Bytes))
		})
		t.Run("service account "+tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := certs.InspectServiceAccount(pad(serviceAccount(t), certs.MaxServiceAccountBytes+tc.size))
			if tc.code == "" {
				require.NoError(t, err)
				return
			}
			assert.True(t, client.HasCode(err, "InvalidParameterValue.ServiceAccountJson"), "%v", err)
			assert.Contains(t, err.Error(), fmt.Sprintf("ServiceAccountJson is %d bytes, more than the %d allowed", certs.MaxServiceAccountBytes+1, certs.MaxServiceAccountBytes))
		})
	}
}

func TestCreateIOSToken(t *testing.T) {
	t.Parallel()
	_, console, id := setup(t)
	got, err := console.Certs.CreateIOSToken(t.Context(), id, token(t, bundle, certs.EnvironmentProduction))
	require.NoError(t, err)
	assert.Equal(t, certs.AuthToken, got.AuthType)
	assert.Equal(t, certs.PlatformIOS, got.Platform)
	assert.Equal(t, bundle, got.BundleID)
	assert.Equal(t, certs.EnvironmentProduction, got.Environment)
	assert.Equal(t, certstest.KeyID, got.KeyID)
	assert.Equal(t, certstest.TeamID, got.TeamID)
	assert.Nil(t, got.ExpiresAt, ".p8 keys do not expire")
	assert.Equal(t, certs.Masked, got.P8Key)
	assert.Empty(t, got.P12+got.P12Password)
}

func TestCreateIOSTokenRefusals(t *testing.T) {
	t.Parallel()
	pemOf := func(typ string, der []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}) }
	cases := []struct {
		name    string
		edit    func(t *testing.T, tok *certs.APNsToken)
		code    string
		mention string
	}{
		{"no key", func(t *testing.T, tok *certs.APNsToken) { tok.Key = nil }, "MissingParameter", "P8Key"},
		{"not PEM", func(t *testing.T, tok *certs.APNsToken) { tok.Key = []byte("MIGTAgEAMBMGByqGSM49") }, "InvalidParameterValue.P8Key", "not PEM"},
		{"SEC1 rather than PKCS#8", func(t *testing.T, tok *certs.APNsToken) {
			der, err := x509.MarshalECPrivateKey(ecKey(t, elliptic.P256()))
			require.NoError(t, err)
			tok.Key = pemOf("EC PRIVATE KEY", der)
		}, "InvalidParameterValue.P8Key", "PKCS#8"},
		{"RSA key", func(t *testing.T, tok *certs.APNsToken) {
			key, err := certstest.Key()
			require.NoError(t, err)
			tok.Key, err = certstest.PKCS8PEM(key)
			require.NoError(t, err)
		}, "InvalidParameterValue.P8Key", "RSA"},
		{"P-384 key", func(t *testing.T, tok *certs.APNsToken) {
			var err error
			tok.Key, err = certstest.PKCS8PEM(ecKey(t, elliptic.P384()))
			require.NoError(t, err)
		}, "InvalidParameterValue.P8Key", "P-384"},
		{"two keys", func(t *testing.T, tok *certs.APNsToken) { tok.Key = append(tok.Key, p8Key(t)...) }, "InvalidParameterValue.P8Key", "more than one"},
		{"garbage in the PEM", func(t *testing.T, tok *certs.APNsToken) { tok.Key = pemOf("PRIVATE KEY", []byte("garbage")) }, "InvalidParameterValue.P8Key", "PKCS#8"},
		{"no Key ID", func(t *testing.T, tok *certs.APNsToken) { tok.KeyID = "" }, "MissingParameter", "KeyId"},
		{"short Key ID", func(t *testing.T, tok *certs.APNsToken) { tok.KeyID = "ABC123" }, "InvalidParameterValue.KeyId", "10"},
		{"lower-case Team ID", func(t *testing.T, tok *certs.APNsToken) { tok.TeamID = "abcde12345" }, "InvalidParameterValue.TeamId", "abcde12345"},
		{"no Team ID", func(t *testing.T, tok *certs.APNsToken) { tok.TeamID = "" }, "MissingParameter", "TeamId"},
		{"no bundle ID", func(t *testing.T, tok *certs.APNsToken) { tok.BundleID = "" }, "MissingParameter", "BundleId"},
		{"wildcard bundle ID", func(t *testing.T, tok *certs.APNsToken) { tok.BundleID = "*" }, "InvalidParameterValue.BundleId", "wildcard"},
		{"malformed bundle ID", func(t *testing.T, tok *certs.APNsToken) { tok.BundleID = "com.example chat" }, "InvalidParameterValue.BundleId", "com.example chat"},
		{"no environment", func(t *testing.T, tok *certs.APNsToken) { tok.Environment = "" }, "MissingParameter", "Environment"},
		{"unknown environment", func(t *testing.T, tok *certs.APNsToken) { tok.Environment = "Sandbox" }, "InvalidParameterValue.Environment", "Sandbox"},
		{"the mask as key", func(t *testing.T, tok *certs.APNsToken) { tok.Key = []byte(certs.Masked) }, "InvalidParameterValue.P8Key", "mask"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, console, id := setup(t)
			tok := token(t, bundle, certs.EnvironmentProduction)
			tc.edit(t, &tok)
			_, err := console.Certs.CreateIOSToken(t.Context(), id, tok)
			local := requireLocal(t, srv, 0, err, tc.code)
			assert.Contains(t, local.Message, tc.mention)
			requireSameOnServer(t, console, certs.ActionCreate, certs.NewCreateRequest(id, tok, certs.ClickAction{}), local)
		})
	}
}

func TestOneTokenPerBundleAndEnvironment(t *testing.T) {
	t.Parallel()
	_, console, id := setup(t)
	ctx := t.Context()
	first := newToken(t, console, id)

	_, err := console.Certs.CreateIOSToken(ctx, id, token(t, bundle, certs.EnvironmentProduction))
	ae := testkit.RequireCode(t, err, "ResourceInUse.Certificate")
	assert.ErrorIs(t, err, client.ErrInUse)
	assert.Contains(t, ae.Message, fmt.Sprint(first.CertificateID))

	dev, err := console.Certs.CreateIOSToken(ctx, id, token(t, bundle, certs.EnvironmentDevelopment))
	require.NoError(t, err, "the other environment has its own token")
	_, err = console.Certs.CreateIOSToken(ctx, id, token(t, "com.example.other", certs.EnvironmentProduction))
	require.NoError(t, err, "another bundle ID has its own token")
	_, err = console.Certs.CreateIOS(ctx, id, certs.APNsCertificate{P12: apnsP12(t, bundle, certs.EnvironmentProduction, inAYear(), password), Password: password})
	require.NoError(t, err, "a .p12 for the same bundle ID and environment is not a token")

	_, err = console.Certs.Update(ctx, id, dev.CertificateID, certs.Update{Credential: certs.APNsToken{Environment: certs.EnvironmentProduction}})
	testkit.RequireCode(t, err, "ResourceInUse.Certificate")
	rotated, err := console.Certs.Update(ctx, id, first.CertificateID, certs.Update{Credential: certs.APNsToken{Key: p8Key(t), KeyID: "NEWKEY1234"}})
	require.NoError(t, err, "a token does not collide with itself")
	assert.Equal(t, "NEWKEY1234", rotated.KeyID)

	require.NoError(t, console.Certs.Delete(ctx, id, first.CertificateID))
	moved, err := console.Certs.Update(ctx, id, dev.CertificateID, certs.Update{Credential: certs.APNsToken{Environment: certs.EnvironmentProduction}})
	require.NoError(t, err, "the place is free once the first token is deleted")
	assert.Equal(t, certs.EnvironmentProduction, moved.Environment)
}

func TestCreateAndroidEachVendor(t *testing.T) {
	t.Parallel()
	cases := []struct {
		cred certs.AndroidCredential
		want certs.Certificate
	}{
		{huawei(), certs.Certificate{Vendor: certs.VendorHuawei, PackageName: "com.example.chat", AppID: "104412345", AppSecret: certs.Masked}},
		{certs.Honor{PackageName: "com.example.chat", AppID: "104433221", ClientID: "1020304050607080", ClientSecret: "hOnOr-Secret-0123456789"},
			certs.Certificate{Vendor: certs.VendorHonor, PackageName: "com.example.chat", AppID: "104433221", ClientID: "1020304050607080", ClientSecret: certs.Masked}},
		{certs.Xiaomi{PackageName: "com.example.chat", AppID: "2882303761520000001", AppSecret: "5YbU+Mi/secret=="},
			certs.Certificate{Vendor: certs.VendorXiaomi, PackageName: "com.example.chat", AppID: "2882303761520000001", AppSecret: certs.Masked}},
		{certs.OPPO{PackageName: "com.example.chat", AppKey: "a1b2c3d4e5f6", MasterSecret: "oppo-master-0123456789abcdef", ChannelID: "im_messages"},
			certs.Certificate{Vendor: certs.VendorOPPO, PackageName: "com.example.chat", AppKey: "a1b2c3d4e5f6", MasterSecret: certs.Masked, ChannelID: "im_messages"}},
		{certs.Vivo{PackageName: "com.example.chat", AppID: "105550000", AppKey: "vivo-app-key-0001", AppSecret: "vivo-secret-0123"},
			certs.Certificate{Vendor: certs.VendorVivo, PackageName: "com.example.chat", AppID: "105550000", AppKey: "vivo-app-key-0001", AppSecret: certs.Masked}},
		{certs.Meizu{PackageName: "com.example.chat", AppID: "130000", AppSecret: "meizu-secret-0123"},
			certs.Certificate{Vendor: certs.VendorMeizu, PackageName: "com.example.chat", AppID: "130000", AppSecret: certs.Masked}},
		{certs.FCM{ServiceAccountJSON: nil}, certs.Certificate{Vendor: certs.VendorFCM, ProjectID: "chat-demo-1234", ClientEmail: "firebase-adminsdk-test@chat-demo-1234.iam.gserviceaccount.com", ServiceAccountJSON: certs.Masked, MessageType: certs.FCMNotification}},
	}
	for _, tc := range cases {
		t.Run(string(tc.cred.Vendor()), func(t *testing.T) {
			t.Parallel()
			_, console, id := setup(t)
			cred := tc.cred
			if fcm, ok := cred.(certs.FCM); ok {
				fcm.ServiceAccountJSON = serviceAccount(t)
				cred = fcm
			}
			got, err := console.Certs.CreateAndroid(t.Context(), id, cred, certs.ClickAction{})
			require.NoError(t, err)
			want := tc.want
			want.CertificateID, want.Platform, want.ClickAction = 10001, certs.PlatformAndroid, certs.OpenApp()
			want.CreatedAt, want.UpdatedAt = got.CreatedAt, got.CreatedAt
			assert.Equal(t, &want, got)

			again, err := console.Certs.Get(t.Context(), id, got.CertificateID)
			require.NoError(t, err)
			assert.Equal(t, got, again)
		})
	}
}

func TestCreateAndroidRefusals(t *testing.T) {
	t.Parallel()
	fcmWith := func(edit func(m map[string]any)) func(t *testing.T) certs.AndroidCredential {
		return func(t *testing.T) certs.AndroidCredential {
			return certs.FCM{ServiceAccountJSON: editedAccount(t, serviceAccount(t), edit)}
		}
	}
	fixed := func(c certs.AndroidCredential) func(*testing.T) certs.AndroidCredential {
		return func(*testing.T) certs.AndroidCredential { return c }
	}
	h := huawei()
	cases := []struct {
		name    string
		cred    func(t *testing.T) certs.AndroidCredential
		code    string
		mention string
	}{
		{"Huawei without AppSecret", fixed(certs.Huawei{PackageName: h.PackageName, AppID: h.AppID}), "MissingParameter", "AppSecret"},
		{"Huawei without package name", fixed(certs.Huawei{AppID: h.AppID, AppSecret: h.AppSecret}), "MissingParameter", "PackageName"},
		{"Huawei with a non-numeric AppId", fixed(certs.Huawei{PackageName: h.PackageName, AppID: "app-104", AppSecret: h.AppSecret}), "InvalidParameterValue.AppId", "digits"},
		{"Huawei with a one-part package name", fixed(certs.Huawei{PackageName: "chat", AppID: h.AppID, AppSecret: h.AppSecret}), "InvalidParameterValue.PackageName", `"chat"`},
		{"Huawei with a package part starting with a digit", fixed(certs.Huawei{PackageName: "com.1example", AppID: h.AppID, AppSecret: h.AppSecret}), "InvalidParameterValue.PackageName", "com.1example"},
		{"Huawei with the mask as AppSecret", fixed(certs.Huawei{PackageName: h.PackageName, AppID: h.AppID, AppSecret: certs.Masked}), "InvalidParameterValue.AppSecret", "mask"},
		{"Honor without ClientId", fixed(certs.Honor{PackageName: "com.example.chat", AppID: "1044", ClientSecret: "x-secret"}), "MissingParameter", "ClientId"},
		{"Honor without AppId", fixed(certs.Honor{PackageName: "com.example.chat", ClientID: "1020", ClientSecret: "x-secret"}), "MissingParameter", "AppId"},
		{"Xiaomi without AppId", fixed(certs.Xiaomi{PackageName: "com.example.chat", AppSecret: "x"}), "MissingParameter", "AppId"},
		{"OPPO without ChannelId", fixed(certs.OPPO{PackageName: "com.example.chat", AppKey: "k", MasterSecret: "m"}), "MissingParameter", "ChannelId"},
		{"OPPO without MasterSecret", fixed(certs.OPPO{PackageName: "com.example.chat", AppKey: "k", ChannelID: "c"}), "MissingParameter", "MasterSecret"},
		{"OPPO with a padded ChannelId", fixed(certs.OPPO{PackageName: "com.example.chat", AppKey: "k", MasterSecret: "m", ChannelID: " im "}), "InvalidParameterValue.ChannelId", "ChannelId"},
		{"vivo without AppKey", fixed(certs.Vivo{PackageName: "com.example.chat", AppID: "1055", AppSecret: "s"}), "MissingParameter", "AppKey"},
		{"Meizu with a space in AppSecret", fixed(certs.Meizu{PackageName: "com.example.chat", AppID: "130000", AppSecret: "meizu secret"}), "InvalidParameterValue.AppSecret", "space"},
		{"FCM without a service account", fixed(certs.FCM{}), "MissingParameter", "ServiceAccountJson"},
		{"FCM with invalid JSON", fixed(certs.FCM{ServiceAccountJSON: []byte(`{"type": "service_account",`)}), "InvalidParameterValue.ServiceAccountJson", "not valid JSON"},
		{"FCM with a JSON array", fixed(certs.FCM{ServiceAccountJSON: []byte(`[]`)}), "InvalidParameterValue.ServiceAccountJson", "object"},
		{"FCM with google-services.json", fcmWith(func(m map[string]any) { delete(m, "type") }), "InvalidParameterValue.ServiceAccountJson", `"type"`},
		{"FCM with another type", fcmWith(func(m map[string]any) { m["type"] = "authorized_user" }), "InvalidParameterValue.ServiceAccountJson", "authorized_user"},
		{"FCM without project_id", fcmWith(func(m map[string]any) { delete(m, "project_id") }), "InvalidParameterValue.ServiceAccountJson", "project_id"},
		{"FCM with a numeric project_id", fcmWith(func(m map[string]any) { m["project_id"] = 1234 }), "InvalidParameterValue.ServiceAccountJson", "project_id"},
		{"FCM with a malformed project_id", fcmWith(func(m map[string]any) { m["project_id"] = "My Project" }), "InvalidParameterValue.ServiceAccountJson", "project_id"},
		{"FCM without client_email", fcmWith(func(m map[string]any) { delete(m, "client_email") }), "InvalidParameterValue.ServiceAccountJson", "client_email"},
		{"FCM with a malformed client_email", fcmWith(func(m map[string]any) { m["client_email"] = "firebase-adminsdk" }), "InvalidParameterValue.ServiceAccountJson", "client_email"},
		{"FCM without private_key", fcmWith(func(m map[string]any) { delete(m, "private_key") }), "InvalidParameterValue.ServiceAccountJson", "private_key"},
		{"FCM with a private_key that is not PEM", fcmWith(func(m map[string]any) { m["private_key"] = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" }), "InvalidParameterValue.ServiceAccountJson", "private_key"},
		{"FCM with a truncated private_key", fcmWith(func(m map[string]any) {
			m["private_key"] = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"
		}), "InvalidParameterValue.ServiceAccountJson", "private_key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, console, id := setup(t)
			cred := tc.cred(t)
			_, err := console.Certs.CreateAndroid(t.Context(), id, cred, certs.ClickAction{})
			local := requireLocal(t, srv, 0, err, tc.code)
			assert.Contains(t, local.Message, tc.mention)
			requireSameOnServer(t, console, certs.ActionCreate, certs.NewCreateRequest(id, cred, certs.ClickAction{}), local)
		})
	}
	t.Run("FCM with an EC private_key", func(t *testing.T) {
		t.Parallel()
		srv, console, id := setup(t)
		ecPEM, err := certstest.PKCS8PEM(ecKey(t, elliptic.P256()))
		require.NoError(t, err)
		cred := fcmWith(func(m map[string]any) { m["private_key"] = string(ecPEM) })(t)
		_, err = console.Certs.CreateAndroid(t.Context(), id, cred, certs.ClickAction{})
		local := requireLocal(t, srv, 0, err, "InvalidParameterValue.ServiceAccountJson")
		assert.Contains(t, local.Message, "RSA")
		requireSameOnServer(t, console, certs.ActionCreate, certs.NewCreateRequest(id, cred, certs.ClickAction{}), local)
	})
}

func TestClickActions(t *testing.T) {
	t.Parallel()
	valid := []certs.ClickAction{
		{},
		certs.OpenApp(),
		certs.OpenURL("https://example.com/news?id=1"),
		certs.OpenURL("http://example.com"),
		certs.OpenIntent("intent://chat#Intent;scheme=myapp;component=com.example.chat/.ChatActivity;end"),
		certs.OpenIntent("intent:#Intent;component=com.example.chat/com.example.chat.ChatActivity;end"),
		certs.OpenActivity("com.example.chat.ChatActivity"),
		{Type: certs.ClickOpenPage, Activity: "com.example.chat.Main$Inner"},
	}
	for _, click := range valid {
		t.Run("valid "+fmt.Sprint(click), func(t *testing.T) {
			t.Parallel()
			_, console, id := setup(t)
			got, err := console.Certs.CreateAndroid(t.Context(), id, huawei(), click)
			require.NoError(t, err)
			want := click
			if want.Type == "" {
				want.Type = certs.ClickOpenApp
			}
			assert.Equal(t, want, got.ClickAction)
		})
	}
	invalid := []struct {
		click   certs.ClickAction
		code    string
		mention string
	}{
		{certs.OpenURL(""), "MissingParameter", "ClickAction.Url"},
		{certs.OpenURL("ftp://example.com/file"), "InvalidParameterValue.ClickAction", "ftp://example.com/file"},
		{certs.OpenURL("/news/1"), "InvalidParameterValue.ClickAction", "absolute"},
		{certs.OpenURL("http://:80/news"), "InvalidParameterValue.ClickAction", "absolute"}, // a port but no host name
		{certs.OpenURL("https://example.com/a b"), "InvalidParameterValue.ClickAction", "Url"},
		{certs.OpenURL("https://example.com/" + strings.Repeat("a", 1024)), "InvalidParameterValue.ClickAction", "1024"},
		{certs.ClickAction{Type: certs.ClickOpenURL, URL: "https://example.com", Activity: "com.example.A"}, "InvalidParameterValue.ClickAction", "OpenPage"},
		{certs.ClickAction{Type: certs.ClickOpenPage}, "MissingParameter", "Intent"},
		{certs.ClickAction{Type: certs.ClickOpenPage, Intent: "intent:#Intent;end", Activity: "com.example.A"}, "InvalidParameterValue.ClickAction", "not both"},
		{certs.ClickAction{Type: certs.ClickOpenPage, URL: "https://example.com"}, "InvalidParameterValue.ClickAction", "OpenURL"},
		{certs.OpenIntent("myapp://chat/1"), "InvalidParameterValue.ClickAction", "intent URI"},
		{certs.OpenIntent("intent://chat#Intent;scheme=myapp"), "InvalidParameterValue.ClickAction", ";end"},
		{certs.OpenActivity("ChatActivity"), "InvalidParameterValue.ClickAction", "ChatActivity"},
		{certs.OpenActivity("com.example.1Chat"), "InvalidParameterValue.ClickAction", "com.example.1Chat"},
		{certs.ClickAction{Type: "OpenMiniProgram"}, "InvalidParameterValue.ClickAction", "OpenMiniProgram"},
		{certs.ClickAction{URL: "https://example.com"}, "InvalidParameterValue.ClickAction", "OpenApp"},
	}
	for _, tc := range invalid {
		t.Run("invalid "+fmt.Sprint(tc.click), func(t *testing.T) {
			t.Parallel()
			srv, console, id := setup(t)
			_, err := console.Certs.CreateAndroid(t.Context(), id, huawei(), tc.click)
			local := requireLocal(t, srv, 0, err, tc.code)
			assert.Contains(t, local.Message, tc.mention)
			requireSameOnServer(t, console, certs.ActionCreate, certs.NewCreateRequest(id, huawei(), tc.click), local)
		})
	}
}

// TestCreateRequestRefusals covers what the typed methods cannot send.
func TestCreateRequestRefusals(t *testing.T) {
	t.Parallel()
	h := huawei()
	hf := certs.NewCreateRequest(1, h, certs.ClickAction{}).Fields
	cases := []createCase{
		{"no SdkAppId", func(t *testing.T, _ uint64) *certs.CreateRequest {
			return &certs.CreateRequest{Vendor: certs.VendorHuawei, Fields: hf}
		}, "MissingParameter", "SdkAppId"},
		{"no vendor", func(t *testing.T, id uint64) *certs.CreateRequest {
			return &certs.CreateRequest{SDKAppID: id, Fields: hf}
		}, "MissingParameter", "Vendor"},
		{"unknown vendor", func(t *testing.T, id uint64) *certs.CreateRequest {
			return &certs.CreateRequest{SDKAppID: id, Vendor: "Samsung", Fields: hf}
		}, "InvalidParameterValue.Vendor", "Samsung"},
		{"vendor in the wrong case", func(t *testing.T, id uint64) *certs.CreateRequest {
			return &certs.CreateRequest{SDKAppID: id, Vendor: "huawei", Fields: hf}
		}, "InvalidParameterValue.Vendor", "case-sensitive"},
		{"platform of another vendor", func(t *testing.T, id uint64) *certs.CreateRequest {
			return &certs.CreateRequest{SDKAppID: id, Vendor: certs.VendorHuawei, Platform: certs.PlatformIOS, Fields: hf}
		}, "InvalidParameterValue.Platform", "Android"},
		{"AuthType on Android", func(t *testing.T, id uint64) *certs.CreateRequest {
			return &certs.CreateRequest{SDKAppID: id, Vendor: certs.VendorHuawei, AuthType: certs.AuthToken, Fields: hf}
		}, "InvalidParameter", "AuthType"},
		{"APNs without AuthType", func(t *testing.T, id uint64) *certs.CreateRequest {
			req := certs.NewCreateRequest(id, token(t, bundle, certs.EnvironmentProduction), certs.ClickAction{})
			req.AuthType = ""
			return req
		}, "MissingParameter", "AuthType"},
		{"unknown AuthType", func(t *testing.T, id uint64) *certs.CreateRequest {
			req := certs.NewCreateRequest(id, token(t, bundle, certs.EnvironmentProduction), certs.ClickAction{})
			req.AuthType = "JWT"
			return req
		}, "InvalidParameterValue.AuthType", "JWT"},
		{"a field the vendor does not take", func(t *testing.T, id uint64) *certs.CreateRequest {
			req := certs.NewCreateRequest(id, h, certs.ClickAction{})
			req.MasterSecret = "oppo-master"
			return req
		}, "InvalidParameter", "MasterSecret does not apply to Huawei"},
		{"a .p8 field on a .p12", func(t *testing.T, id uint64) *certs.CreateRequest {
			req := certs.NewCreateRequest(id, certs.APNsCertificate{P12: apnsP12(t, bundle, certs.EnvironmentProduction, inAYear(), "")}, certs.ClickAction{})
			req.KeyID = certstest.KeyID
			return req
		}, "InvalidParameter", "KeyId"},
		{"iOS with a click action", func(t *testing.T, id uint64) *certs.CreateRequest {
			return certs.NewCreateRequest(id, token(t, bundle, certs.EnvironmentProduction), certs.OpenURL("https://example.com"))
		}, "InvalidParameterValue.ClickAction", "iOS notifications can only open the app (got ClickAction OpenURL)"},
		{"P12 that is not base64", func(t *testing.T, id uint64) *certs.CreateRequest {
			return &certs.CreateRequest{SDKAppID: id, Vendor: certs.VendorAPNs, AuthType: certs.AuthCertificate, Fields: certs.Fields{P12: "not base64!"}}
		}, "InvalidParameterValue.P12", "base64"},
	}
	runCreateRefusals(t, cases)
}

func TestCreateWithYourOwnClientTokenIsIdempotent(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	req := certs.NewCreateRequest(id, huawei(), certs.OpenURL("https://example.com"))
	req.ClientToken = "upload-huawei-1"
	first, err := console.Certs.Create(t.Context(), req)
	require.NoError(t, err)
	again, err := console.Certs.Create(t.Context(), req)
	require.NoError(t, err)
	assert.Equal(t, first, again)
	list, err := console.Certs.List(t.Context(), id, "")
	require.NoError(t, err)
	assert.Len(t, list, 1, "the repeat did not create a second certificate")
	assert.True(t, srv.RequestsFor(certs.ActionCreate)[1].Replayed)
}

func TestUpdateKeepsWhatItDoesNotChange(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	ctx := t.Context()
	h := huawei()
	created, err := console.Certs.CreateAndroid(ctx, id, h, certs.OpenActivity("com.example.chat.Main"))
	require.NoError(t, err)
	stored := func() certs.Fields {
		f, ok := srv.PushCertificateFields(id, created.CertificateID)
		require.True(t, ok)
		return f
	}

	got, err := console.Certs.Update(ctx, id, created.CertificateID, certs.Update{Credential: certs.Huawei{PackageName: "com.example.chat2"}})
	require.NoError(t, err)
	assert.Equal(t, "com.example.chat2", got.PackageName)
	assert.Equal(t, h.AppID, got.AppID)
	assert.Equal(t, certs.Masked, got.AppSecret)
	assert.Equal(t, certs.OpenActivity("com.example.chat.Main"), got.ClickAction, "the click action is kept")
	assert.Equal(t, h.AppSecret, stored().AppSecret, "no new secret keeps the old one")

	before, err := console.Certs.Get(ctx, id, created.CertificateID)
	require.NoError(t, err)
	srv.Advance(time.Minute)
	unchanged, err := console.Certs.Update(ctx, id, created.CertificateID, certs.Update{Credential: certs.Huawei{AppSecret: certs.Masked}})
	require.NoError(t, err)
	assert.Equal(t, h.AppSecret, stored().AppSecret, "the mask keeps the old secret")
	assert.Equal(t, before.UpdatedAt, unchanged.UpdatedAt, "an update that changes nothing is not an update")

	_, err = console.Certs.Update(ctx, id, created.CertificateID, certs.Update{Credential: certs.Huawei{AppSecret: "a-new-secret"}})
	require.NoError(t, err)
	assert.Equal(t, "a-new-secret", stored().AppSecret)

	click := certs.OpenURL("https://example.com/inbox")
	srv.Advance(time.Minute)
	got, err = console.Certs.Update(ctx, id, created.CertificateID, certs.Update{ClickAction: &click})
	require.NoError(t, err)
	assert.Equal(t, click, got.ClickAction)
	assert.Equal(t, "com.example.chat2", got.PackageName)
	assert.Equal(t, created.CreatedAt, got.CreatedAt)
	assert.True(t, got.UpdatedAt.After(created.UpdatedAt))
}

func TestUpdateAPNsCertificate(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	ctx := t.Context()
	created, err := console.Certs.CreateIOS(ctx, id, certs.APNsCertificate{P12: apnsP12(t, bundle, certs.EnvironmentProduction, inAYear(), password), Password: password})
	require.NoError(t, err)

	t.Run("a renewed certificate replaces it, with its own password", func(t *testing.T) {
		later := inAYear().Add(30 * 24 * time.Hour)
		got, err := console.Certs.Update(ctx, id, created.CertificateID, certs.Update{Credential: certs.APNsCertificate{P12: apnsP12(t, bundle, certs.EnvironmentProduction, later, "")}})
		require.NoError(t, err)
		assert.True(t, later.Equal(*got.ExpiresAt))
		f, _ := srv.PushCertificateFields(id, created.CertificateID)
		assert.Empty(t, f.P12Password, "a new P12 replaces the password, even with an empty one")
	})
	t.Run("a certificate of another bundle ID is refused unless named", func(t *testing.T) {
		other := apnsP12(t, "com.example.other", certs.EnvironmentProduction, inAYear(), "")
		_, err := console.Certs.Update(ctx, id, created.CertificateID, certs.Update{Credential: certs.APNsCertificate{P12: other}})
		ae := testkit.RequireCode(t, err, "InvalidParameterValue.BundleId")
		assert.NotEmpty(t, ae.RequestID, "only the server knows the stored bundle ID")
		got, err := console.Certs.Update(ctx, id, created.CertificateID, certs.Update{Credential: certs.APNsCertificate{P12: other, BundleID: "com.example.other"}})
		require.NoError(t, err)
		assert.Equal(t, "com.example.other", got.BundleID)
	})
	t.Run("a new password alone must open the stored file", func(t *testing.T) {
		_, err := console.Certs.Update(ctx, id, created.CertificateID, certs.Update{Credential: certs.APNsCertificate{Password: "guess"}})
		testkit.RequireCode(t, err, "InvalidParameterValue.P12Password")
	})
	t.Run("a new P12 is checked before sending", func(t *testing.T) {
		before := len(srv.Requests())
		_, err := console.Certs.Update(ctx, id, created.CertificateID, certs.Update{Credential: certs.APNsCertificate{P12: apnsP12(t, bundle, certs.EnvironmentProduction, inAYear(), "pw"), Password: "wrong"}})
		requireLocal(t, srv, before, err, "InvalidParameterValue.P12Password")
		_, err = console.Certs.Update(ctx, id, created.CertificateID, certs.Update{Credential: certs.APNsCertificate{P12: apnsP12(t, bundle, certs.EnvironmentProduction, inAYear(), "pw"), Password: certs.Masked}})
		requireLocal(t, srv, before, err, "InvalidParameterValue.P12Password")
		_, err = console.Certs.Update(ctx, id, created.CertificateID, certs.Update{Credential: certs.APNsCertificate{P12: apnsP12(t, bundle, certs.EnvironmentProduction, time.Now().Add(-time.Minute), "")}})
		requireLocal(t, srv, before, err, "InvalidParameterValue.CertificateExpired")
	})
}

func TestUpdateRefusals(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	ctx := t.Context()
	created := newHuawei(t, console, id)
	tok := newToken(t, console, id)

	bad := certs.OpenURL("mailto:someone@example.com")
	for _, tc := range []struct {
		name   string
		certID uint64
		update certs.Update
		code   string
	}{
		{"nothing to change", created.CertificateID, certs.Update{}, "MissingParameter"},
		{"no certificate ID", 0, certs.Update{Credential: certs.Huawei{AppID: "1"}}, "MissingParameter"},
		{"package name without a dot", created.CertificateID, certs.Update{Credential: certs.Huawei{PackageName: "chat"}}, "InvalidParameterValue.PackageName"},
		{"Huawei AppId not digits", created.CertificateID, certs.Update{Credential: certs.Huawei{AppID: "abc"}}, "InvalidParameterValue.AppId"},
		{"ClickAction URL not http(s)", created.CertificateID, certs.Update{ClickAction: &bad}, "InvalidParameterValue.ClickAction"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(srv.Requests())
			_, err := console.Certs.Update(ctx, id, tc.certID, tc.update)
			requireLocal(t, srv, before, err, tc.code)
		})
	}

	_, err := console.Certs.Update(ctx, id, created.CertificateID, certs.Update{Credential: certs.Xiaomi{AppSecret: "x"}})
	ae := testkit.RequireCode(t, err, "InvalidParameterValue.Vendor")
	assert.Contains(t, ae.Message, "never changes vendor")
	_, err = console.Certs.Update(ctx, id, tok.CertificateID, certs.Update{Credential: certs.APNsCertificate{Password: "x"}})
	testkit.RequireCode(t, err, "InvalidParameterValue.AuthType")
	open := certs.OpenURL("https://example.com")
	_, err = console.Certs.Update(ctx, id, tok.CertificateID, certs.Update{ClickAction: &open})
	ae = testkit.RequireCode(t, err, "InvalidParameterValue.ClickAction")
	assert.NotEmpty(t, ae.RequestID, "the server knows the certificate is iOS")
	assert.Contains(t, ae.Message, "iOS notifications can only open the app (got ClickAction OpenURL)")
	_, err = console.Certs.Update(ctx, id, 99999, certs.Update{Credential: certs.Huawei{AppID: "1"}})
	testkit.RequireCode(t, err, "ResourceNotFound.Certificate")
	assert.ErrorIs(t, err, client.ErrNotFound)

	raw := &certs.UpdateRequest{SDKAppID: id, CertificateID: created.CertificateID, Fields: certs.Fields{MasterSecret: "m"}}
	err = console.Client.Call(ctx, certs.ActionModify, raw, nil)
	ae = testkit.RequireCode(t, err, "InvalidParameter")
	assert.Contains(t, ae.Message, "MasterSecret does not apply to Huawei")
}

func TestDeleteIsFinalAndIDsAreNeverReused(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	ctx := t.Context()
	first := newHuawei(t, console, id)
	second := newToken(t, console, id)
	assert.Equal(t, []uint64{10001, 10002}, []uint64{first.CertificateID, second.CertificateID})

	require.NoError(t, console.Certs.Delete(ctx, id, second.CertificateID))
	_, err := console.Certs.Get(ctx, id, second.CertificateID)
	testkit.RequireCode(t, err, "ResourceNotFound.Certificate")
	testkit.RequireCode(t, console.Certs.Delete(ctx, id, second.CertificateID), "ResourceNotFound.Certificate")
	_, err = console.Certs.Update(ctx, id, second.CertificateID, certs.Update{Credential: certs.APNsToken{KeyID: "NEWKEY1234"}})
	testkit.RequireCode(t, err, "ResourceNotFound.Certificate")

	third := newToken(t, console, id)
	assert.EqualValues(t, 10003, third.CertificateID, "the deleted 10002 is not given again")

	other, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	elsewhere := newHuawei(t, console, other.SDKAppID)
	assert.EqualValues(t, 10004, elsewhere.CertificateID, "IDs count up across the server's apps")
	_, err = console.Certs.Get(ctx, id, elsewhere.CertificateID)
	testkit.RequireCode(t, err, "ResourceNotFound.Certificate")

	before := len(srv.Requests())
	requireLocal(t, srv, before, console.Certs.Delete(ctx, id, 0), "MissingParameter")
}

func TestListFiltersByPlatformInIDOrder(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	ctx := t.Context()
	a := newHuawei(t, console, id)
	i := newToken(t, console, id)
	b, err := console.Certs.CreateAndroid(ctx, id, certs.Meizu{PackageName: "com.example.chat", AppID: "1", AppSecret: "s"}, certs.ClickAction{})
	require.NoError(t, err)

	ids := func(list []*certs.Certificate) []uint64 {
		var out []uint64
		for _, c := range list {
			out = append(out, c.CertificateID)
		}
		return out
	}
	all, err := console.Certs.List(ctx, id, "")
	require.NoError(t, err)
	assert.Equal(t, []uint64{a.CertificateID, i.CertificateID, b.CertificateID}, ids(all))
	ios, err := console.Certs.List(ctx, id, certs.PlatformIOS)
	require.NoError(t, err)
	assert.Equal(t, []uint64{i.CertificateID}, ids(ios))
	android, err := console.Certs.List(ctx, id, certs.PlatformAndroid)
	require.NoError(t, err)
	assert.Equal(t, []uint64{a.CertificateID, b.CertificateID}, ids(android))

	empty, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	none, err := console.Certs.List(ctx, empty.SDKAppID, "")
	require.NoError(t, err)
	assert.NotNil(t, none)
	assert.Empty(t, none)

	before := len(srv.Requests())
	_, err = console.Certs.List(ctx, id, "Windows")
	requireLocal(t, srv, before, err, "InvalidParameterValue.Platform")
	_, err = console.Certs.Get(ctx, id, 0)
	requireLocal(t, srv, before, err, "MissingParameter")
	_, err = console.Certs.List(ctx, 1400999999, "")
	testkit.RequireCode(t, err, "ResourceNotFound.App")
}

func TestAnAppHoldsAtMostMaxCertificates(t *testing.T) {
	t.Parallel()
	_, console, id := setup(t)
	ctx := t.Context()
	var last *certs.Certificate
	for range certs.MaxCertificatesPerApp {
		var err error
		last, err = console.Certs.CreateAndroid(ctx, id, huawei(), certs.ClickAction{})
		require.NoError(t, err)
	}
	_, err := console.Certs.CreateAndroid(ctx, id, huawei(), certs.ClickAction{})
	testkit.RequireCode(t, err, "LimitExceeded.Certificate")
	assert.ErrorIs(t, err, client.ErrLimitExceeded)

	require.NoError(t, console.Certs.Delete(ctx, id, last.CertificateID))
	_, err = console.Certs.CreateAndroid(ctx, id, huawei(), certs.ClickAction{})
	require.NoError(t, err)
}

func TestWritesOnADisabledAppAreRefused(t *testing.T) {
	t.Parallel()
	_, console, id := setup(t)
	ctx := t.Context()
	created := newHuawei(t, console, id)
	require.NoError(t, console.Apps.Disable(ctx, id))

	_, err := console.Certs.CreateAndroid(ctx, id, huawei(), certs.ClickAction{})
	testkit.RequireCode(t, err, "FailedOperation.AppDisabled")
	_, err = console.Certs.Update(ctx, id, created.CertificateID, certs.Update{Credential: certs.Huawei{AppID: "2"}})
	testkit.RequireCode(t, err, "FailedOperation.AppDisabled")
	testkit.RequireCode(t, console.Certs.Delete(ctx, id, created.CertificateID), "FailedOperation.AppDisabled")
	list, err := console.Certs.List(ctx, id, "")
	require.NoError(t, err, "reading still works")
	assert.Len(t, list, 1)
}

func TestAnotherAccountSeesNoCertificates(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	created, err := console.Certs.CreateAndroid(t.Context(), id, huawei(), certs.ClickAction{})
	require.NoError(t, err)
	other := srv.Console(client.WithCredentials(srv.NewAccount()))
	_, err = other.Certs.Get(t.Context(), id, created.CertificateID)
	testkit.RequireCode(t, err, "ResourceNotFound.App")
	require.Error(t, other.Certs.Delete(t.Context(), id, created.CertificateID))
	_, ok := srv.PushCertificateFields(id, created.CertificateID)
	assert.True(t, ok, "still there")
}

// TestEveryRequiredFieldIsNamed drops each required field of each vendor in
// turn: the SDK refuses with MissingParameter naming it, as the server does.
func TestEveryRequiredFieldIsNamed(t *testing.T) {
	t.Parallel()
	valid := []certs.Credential{
		certs.APNsCertificate{P12: apnsP12(t, bundle, certs.EnvironmentProduction, inAYear(), "")},
		token(t, bundle, certs.EnvironmentProduction),
	}
	for _, cred := range androidCredentials(t) {
		valid = append(valid, cred)
	}
	valid = append(valid, harmony(t))
	required := map[string][]string{
		"certs.HarmonyOS":       {"PackageName", "ServiceAccountJson", "Category"},
		"certs.APNsCertificate": {"P12"},
		"certs.APNsToken":       {"P8Key", "KeyId", "TeamId", "BundleId", "Environment"},
		"certs.Huawei":          {"PackageName", "AppId", "AppSecret"},
		"certs.Honor":           {"PackageName", "AppId", "ClientId", "ClientSecret"},
		"certs.Xiaomi":          {"PackageName", "AppId", "AppSecret"},
		"certs.OPPO":            {"PackageName", "AppKey", "MasterSecret", "ChannelId"},
		"certs.Vivo":            {"PackageName", "AppId", "AppKey", "AppSecret"},
		"certs.Meizu":           {"PackageName", "AppId", "AppSecret"},
		"certs.FCM":             {"ServiceAccountJson"},
	}
	for _, cred := range valid {
		name := fmt.Sprintf("%T", cred)
		require.Contains(t, required, name)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, console, id := setup(t)
			_, err := console.Certs.Create(t.Context(), certs.NewCreateRequest(id, cred, certs.ClickAction{}))
			require.NoError(t, err, "the complete credential is accepted")
			for _, field := range required[name] {
				var m map[string]any
				b, err := json.Marshal(certs.NewCreateRequest(id, cred, certs.ClickAction{}).WireBody())
				require.NoError(t, err)
				require.NoError(t, json.Unmarshal(b, &m))
				require.Contains(t, m, field)
				delete(m, field)
				b, err = json.Marshal(m)
				require.NoError(t, err)
				req := &certs.CreateRequest{}
				require.NoError(t, json.Unmarshal(b, req))

				before := len(srv.Requests())
				_, err = console.Certs.Create(t.Context(), req)
				local := requireLocal(t, srv, before, err, "MissingParameter")
				assert.Contains(t, local.Message, " needs "+field+":")
				requireSameOnServer(t, console, certs.ActionCreate, req, local)
			}
		})
	}
}

// Huawei's and Xiaomi's console forms carry a notification ChannelID that
// a push's HuaWeiChannelID / XiaoMiChannelID overrides (im-facts, Per
// vendor fields: Huawei "Also ChannelID (EMUI10+ notification channel;
// REST HuaWeiChannelID overrides console value)", Xiaomi "ChannelID for
// MIUI10+ overridable by XiaoMiChannelID"), so both take an optional
// ChannelId; a vendor without one (vivo) still refuses it.
func TestHuaweiAndXiaomiTakeAnOptionalChannelID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		vendor certs.Vendor
		fields certs.Fields
		code   string
	}{
		{certs.VendorHuawei, certs.Fields{PackageName: "com.example.chat", AppID: "104412345", AppSecret: "hw-secret-0123", ChannelID: "im_messages"}, ""},
		{certs.VendorXiaomi, certs.Fields{PackageName: "com.example.chat", AppID: "2882303761520000001", AppSecret: "mi-secret-0123", ChannelID: "im_messages"}, ""},
		{certs.VendorHuawei, certs.Fields{PackageName: "com.example.chat", AppID: "104412345", AppSecret: "hw-secret-0123", ChannelID: " im"}, "InvalidParameterValue.ChannelId"},
		{certs.VendorVivo, certs.Fields{PackageName: "com.example.chat", AppID: "105550000", AppKey: "vivo-key", AppSecret: "vivo-secret", ChannelID: "im_messages"}, "InvalidParameter"},
	} {
		t.Run(string(tc.vendor)+tc.code, func(t *testing.T) {
			t.Parallel()
			_, console, id := setup(t)
			got, err := console.Certs.Create(t.Context(), &certs.CreateRequest{SDKAppID: id, Vendor: tc.vendor, Fields: tc.fields})
			if tc.code != "" {
				testkit.RequireCode(t, err, tc.code)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "im_messages", got.ChannelID)
			again, err := console.Certs.Get(t.Context(), id, got.CertificateID)
			require.NoError(t, err)
			assert.Equal(t, "im_messages", again.ChannelID)
		})
	}
}

// Huawei's console form has a badge parameter, 角标参数: the app's launcher
// Activity, a full class name (im-facts, Per vendor fields: "角标参数
// (badge: full launcher Activity class name)"). Only Huawei takes it.
func TestHuaweiTakesAnOptionalBadgeClass(t *testing.T) {
	t.Parallel()
	hw := certs.Fields{PackageName: "com.example.chat", AppID: "104412345", AppSecret: "hw-secret-0123"}
	withBadge := func(f certs.Fields, badge string) certs.Fields { f.BadgeClass = badge; return f }
	for _, tc := range []struct {
		name   string
		vendor certs.Vendor
		fields certs.Fields
		code   string
	}{
		{"launcher activity", certs.VendorHuawei, withBadge(hw, "com.example.chat.MainActivity"), ""},
		{"not a class name", certs.VendorHuawei, withBadge(hw, "MainActivity"), "InvalidParameterValue.BadgeClass"},
		{"a space", certs.VendorHuawei, withBadge(hw, "com.example.chat.Main Activity"), "InvalidParameterValue.BadgeClass"},
		{"not Xiaomi's", certs.VendorXiaomi, certs.Fields{PackageName: "com.example.chat", AppID: "2882303761520000001", AppSecret: "mi-secret-0123", BadgeClass: "com.example.chat.MainActivity"}, "InvalidParameter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, console, id := setup(t)
			got, err := console.Certs.Create(t.Context(), &certs.CreateRequest{SDKAppID: id, Vendor: tc.vendor, Fields: tc.fields})
			if tc.code != "" {
				ae := testkit.RequireCode(t, err, tc.code)
				assert.Contains(t, ae.Message, "BadgeClass")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "com.example.chat.MainActivity", got.BadgeClass)
			cred := certs.Huawei{BadgeClass: "com.example.chat.ChatListActivity"}
			up, err := console.Certs.Update(t.Context(), id, got.CertificateID, certs.Update{Credential: cred})
			require.NoError(t, err)
			assert.Equal(t, "com.example.chat.ChatListActivity", up.BadgeClass)
		})
	}
}
