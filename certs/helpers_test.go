package certs_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/certs/certstest"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/testkit"
)

const (
	bundle   = "com.example.chat"
	password = "s3cret-p12-pass"
)

// setup returns a server, a console without retries and a fresh app.
func setup(t *testing.T, opts ...imtest.Option) (*imtest.Server, *imconsole.Console, uint64) {
	t.Helper()
	srv := imtest.NewServer(t, opts...)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	return srv, srv.Console(client.WithoutRetries()), app.SDKAppID
}

// inAYear is a NotAfter comfortably in the future, whole seconds as
// certificates store it.
func inAYear() time.Time { return time.Now().Add(365 * 24 * time.Hour).Truncate(time.Second).UTC() }

func apnsP12(t *testing.T, bundleID string, env certs.Environment, notAfter time.Time, pw string) []byte {
	t.Helper()
	p12, err := certstest.APNsP12(bundleID, env, notAfter, pw)
	require.NoError(t, err)
	return p12
}

func p8Key(t *testing.T) []byte {
	t.Helper()
	key, err := certstest.P8Key()
	require.NoError(t, err)
	return key
}

func token(t *testing.T, bundleID string, env certs.Environment) certs.APNsToken {
	return certs.APNsToken{Key: p8Key(t), KeyID: certstest.KeyID, TeamID: certstest.TeamID, BundleID: bundleID, Environment: env}
}

// fcmAccount and harmonyAccountJSON generate one service-account key file
// each, shared by the tests (RSA key generation is slow).
var (
	fcmAccount         = sync.OnceValues(func() ([]byte, error) { return certstest.FCMServiceAccountJSON("chat-demo-1234") })
	harmonyAccountJSON = sync.OnceValues(func() ([]byte, error) { return certstest.HarmonyServiceAccountJSON("101783233") })
)

// serviceAccount is the tests' FCM service account.
func serviceAccount(t *testing.T) []byte {
	t.Helper()
	b, err := fcmAccount()
	require.NoError(t, err)
	return b
}

func ecKey(t *testing.T, curve elliptic.Curve) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(curve, rand.Reader)
	require.NoError(t, err)
	return key
}

// tlsCertificate is a certificate that is not an APNs one.
func tlsCertificate(t *testing.T) (*x509.Certificate, any) {
	t.Helper()
	cert, key, err := certstest.SelfSigned(&x509.Certificate{
		Subject:     pkix.Name{CommonName: "www.example.com"},
		DNSNames:    []string{"www.example.com"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	require.NoError(t, err)
	return cert, key
}

// requireLocal asserts err is the SDK's own refusal with code, and that no
// request reached the server since before.
func requireLocal(t *testing.T, srv *imtest.Server, before int, err error, code string) *client.APIError {
	t.Helper()
	ae := testkit.RequireCode(t, err, code)
	require.Empty(t, ae.RequestID, "refused by the server, not locally")
	require.Len(t, srv.Requests(), before, "an invalid request reached the server")
	return ae
}

// requireSameOnServer sends req as it is, bypassing local validation, and
// asserts the server refuses it with local's code and message.
func requireSameOnServer(t *testing.T, console *imconsole.Console, action string, req any, local *client.APIError) {
	t.Helper()
	err := console.Client.Call(t.Context(), action, req, nil)
	var ae *client.APIError
	require.True(t, errors.As(err, &ae), "%v", err)
	require.NotEmpty(t, ae.RequestID, "the server answered")
	require.Equal(t, local.Code, ae.Code)
	require.Equal(t, local.Message, ae.Message)
}

func huawei() certs.Huawei {
	return certs.Huawei{PackageName: "com.example.chat", AppID: "104412345", AppSecret: "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0"}
}

// newHuawei stores huawei() on app id and returns the certificate.
func newHuawei(t *testing.T, console *imconsole.Console, id uint64) *certs.Certificate {
	t.Helper()
	created, err := console.Certs.CreateAndroid(t.Context(), id, huawei(), certs.ClickAction{})
	require.NoError(t, err)
	return created
}

// newToken stores a production APNs token for bundle on app id and returns
// the certificate.
func newToken(t *testing.T, console *imconsole.Console, id uint64) *certs.Certificate {
	t.Helper()
	created, err := console.Certs.CreateIOSToken(t.Context(), id, token(t, bundle, certs.EnvironmentProduction))
	require.NoError(t, err)
	return created
}

// androidCredentials is one valid credential of each Android vendor, each
// secret a distinct string that a leak test can look for.
func androidCredentials(t *testing.T) []certs.AndroidCredential {
	t.Helper()
	return []certs.AndroidCredential{
		huawei(),
		certs.Honor{PackageName: "com.example.chat", AppID: "1044", ClientID: "1020", ClientSecret: "honor-client-secret-XYZ"},
		certs.Xiaomi{PackageName: "com.example.chat", AppID: "2882", AppSecret: "xiaomi-app-secret-XYZ=="},
		certs.OPPO{PackageName: "com.example.chat", AppKey: "oppokey", MasterSecret: "oppo-master-secret-XYZ", ChannelID: "im"},
		certs.Vivo{PackageName: "com.example.chat", AppID: "1055", AppKey: "vivokey", AppSecret: "vivo-app-secret-XYZ"},
		certs.Meizu{PackageName: "com.example.chat", AppID: "1300", AppSecret: "meizu-app-secret-XYZ"},
		certs.FCM{ServiceAccountJSON: serviceAccount(t)},
	}
}

// harmonyAccount is the tests' HarmonyOS (AppGallery Connect)
// service-account key file.
func harmonyAccount(t *testing.T) []byte {
	t.Helper()
	b, err := harmonyAccountJSON()
	require.NoError(t, err)
	return b
}

// editedAccount is the service-account key file doc with edit applied to
// its fields, encoded again.
func editedAccount(t *testing.T, doc []byte, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	edit(m)
	b, err := certstest.ServiceAccountJSON(m)
	require.NoError(t, err)
	return b
}

// harmony is a valid HarmonyOS credential.
func harmony(t *testing.T) certs.HarmonyOS {
	t.Helper()
	return certs.HarmonyOS{PackageName: "com.example.chat", ServiceAccountJSON: harmonyAccount(t), Category: certs.HarmonyCategoryIM}
}

// createCase is a create request the SDK must refuse with code, its
// message naming mention; the server must answer the same.
type createCase struct {
	name    string
	req     func(t *testing.T, id uint64) *certs.CreateRequest
	code    string
	mention string
}

// runCreateRefusals runs each case on a fresh app, in parallel.
func runCreateRefusals(t *testing.T, cases []createCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, console, id := setup(t)
			_, err := console.Certs.Create(t.Context(), tc.req(t, id))
			local := requireLocal(t, srv, 0, err, tc.code)
			assert.Contains(t, local.Message, tc.mention)
			requireSameOnServer(t, console, certs.ActionCreate, tc.req(t, id), local)
		})
	}
}

// An answer without the certificate (a backend that answers the console
// protocol wrongly) is an error, never (nil, nil), as in apps and admins.
func TestAnswersWithoutTheCertificateAreErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, body string }{
		{"RequestId only", `{"Response":{"RequestId":"r"}}`},
		{"null result", `{"Response":{"Certificate":null,"RequestId":"r"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc := certs.New(testkit.Answering(t, tc.body))
			created, createErr := svc.CreateAndroid(t.Context(), 1400000001, huawei(), certs.OpenApp())
			assert.Nil(t, created)
			updated, updateErr := svc.Update(t.Context(), 1400000001, 1, certs.Update{Credential: huawei()})
			assert.Nil(t, updated)
			for _, err := range []error{createErr, updateErr} {
				assert.ErrorContains(t, err, "the answer has no Certificate")
				assert.ErrorContains(t, err, "docs/protocol.md", "says what to check")
			}
		})
	}
}

// TestCertsSeeTheClockWhenTheyRun: a certificate's CreatedAt is the
// server's time when it is stored, read again after the lock was released
// to check its files, so an Advance racing the requests never makes a
// later certificate older than an earlier one.
func TestCertsSeeTheClockWhenTheyRun(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t, imtest.WithClock(func() time.Time { return time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC) }))
	var p12s [4][5][]byte
	for w := range p12s {
		for i := range p12s[w] {
			p12s[w][i] = apnsP12(t, fmt.Sprintf("com.example.app%d.w%d", i, w), certs.EnvironmentProduction, inAYear(), password)
		}
	}
	for _, err := range testkit.Concurrently(4, func(w int) error {
		for _, p12 := range p12s[w] { // each worker's Advance races the others' requests, whose .p12 is opened unlocked
			if _, err := console.Certs.CreateIOS(t.Context(), id, certs.APNsCertificate{P12: p12, Password: password}); err != nil {
				return err
			}
			srv.Advance(time.Second)
		}
		return nil
	}) {
		require.NoError(t, err)
	}
	list, err := console.Certs.List(t.Context(), id, "")
	require.NoError(t, err)
	require.Len(t, list, 20)
	for i := 1; i < len(list); i++ {
		assert.False(t, list[i].CreatedAt.Before(list[i-1].CreatedAt), "certificate %d created at %s, before certificate %d at %s",
			list[i].CertificateID, list[i].CreatedAt, list[i-1].CertificateID, list[i-1].CreatedAt)
	}
}
