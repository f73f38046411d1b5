package imtest_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/certs/certstest"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/consolewire"
)

func TestPushCertificateExpiryFollowsTheServerClock(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	console := srv.Console(client.WithoutRetries())
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	ctx := t.Context()
	notAfter := time.Now().Add(2 * time.Hour).Truncate(time.Second)
	p12, err := certstest.APNsP12("com.example.chat", certs.EnvironmentProduction, notAfter, "pw")
	require.NoError(t, err)

	uploaded, err := console.Certs.CreateIOS(ctx, app.SDKAppID, certs.APNsCertificate{P12: p12, Password: "pw"})
	require.NoError(t, err)

	srv.Advance(3 * time.Hour)
	// Valid by this machine's clock, so the SDK sends it; expired by the
	// server's, which refuses it.
	_, err = console.Certs.CreateIOS(ctx, app.SDKAppID, certs.APNsCertificate{P12: p12, Password: "pw"})
	var ae *client.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "InvalidParameterValue.CertificateExpired", ae.Code)
	assert.NotEmpty(t, ae.RequestID, "refused by the server")
	rec := srv.RequestsFor(certs.ActionCreate)
	assert.Equal(t, "InvalidParameterValue.CertificateExpired", rec[len(rec)-1].Code)

	// The certificate uploaded before stays, and shows it has expired.
	got, err := console.Certs.Get(ctx, app.SDKAppID, uploaded.CertificateID)
	require.NoError(t, err)
	assert.True(t, got.Expired(srv.Now()))
	// Unchanged, it is not refused for having expired since: an expectation
	// that holds can still be sent.
	_, err = console.Certs.Update(ctx, app.SDKAppID, uploaded.CertificateID, certs.Update{Credential: certs.APNsCertificate{BundleID: "com.example.chat"}})
	require.NoError(t, err)
	// A replacement is checked at the server's time.
	again, err := certstest.APNsP12("com.example.chat", certs.EnvironmentProduction, notAfter, "pw")
	require.NoError(t, err)
	_, err = console.Certs.Update(ctx, app.SDKAppID, uploaded.CertificateID, certs.Update{Credential: certs.APNsCertificate{P12: again, Password: "pw"}})
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "InvalidParameterValue.CertificateExpired", ae.Code)
}

func TestPushCertificateIDsBelongToEachServer(t *testing.T) {
	t.Parallel()
	for range 2 {
		srv := imtest.NewServer(t)
		app, err := srv.SeedApp(imtest.AppSeed{})
		require.NoError(t, err)
		got, err := srv.Console().Certs.CreateAndroid(t.Context(), app.SDKAppID, certs.Meizu{PackageName: "com.example.chat", AppID: "1", AppSecret: "s"}, certs.ClickAction{})
		require.NoError(t, err)
		assert.EqualValues(t, 10001, got.CertificateID)
	}
}

func TestPushCertificateFieldsShowsWhatIsStored(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	p12, err := certstest.APNsP12("com.example.chat", certs.EnvironmentDevelopment, time.Now().Add(time.Hour), "pw")
	require.NoError(t, err)
	got, err := srv.Console().Certs.CreateIOS(t.Context(), app.SDKAppID, certs.APNsCertificate{P12: p12, Password: "pw"})
	require.NoError(t, err)

	f, ok := srv.PushCertificateFields(app.SDKAppID, got.CertificateID)
	require.True(t, ok)
	assert.Equal(t, "pw", f.P12Password)
	assert.NotEmpty(t, f.P12)
	assert.Equal(t, "com.example.chat", f.BundleID, "read from the certificate")
	assert.Equal(t, certs.EnvironmentDevelopment, f.Environment)

	_, ok = srv.PushCertificateFields(app.SDKAppID, got.CertificateID+1)
	assert.False(t, ok)
}

// TestPushCertificateWireFormat checks the protocol's field names and the
// masks in a raw response, and that unknown fields are refused.
func TestPushCertificateWireFormat(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	c, err := srv.Client(client.WithoutRetries())
	require.NoError(t, err)
	ctx := t.Context()

	var created json.RawMessage
	req := map[string]any{
		"SdkAppId": app.SDKAppID, "Vendor": "OPPO", "Platform": "Android",
		"ClickAction": map[string]any{"Type": "OpenPage", "Intent": "intent:#Intent;component=com.example.chat/.Chat;end"},
		"PackageName": "com.example.chat", "AppKey": "k1", "MasterSecret": "oppo-master", "ChannelId": "im",
	}
	require.NoError(t, c.Call(ctx, certs.ActionCreate, req, &created))
	var body struct{ Certificate map[string]any }
	require.NoError(t, json.Unmarshal(created, &body))
	assert.Equal(t, map[string]any{
		"CertificateId": float64(10001), "Platform": "Android", "Vendor": "OPPO",
		"ClickAction": map[string]any{"Type": "OpenPage", "Intent": "intent:#Intent;component=com.example.chat/.Chat;end"},
		"CreatedAt":   body.Certificate["CreatedAt"], "UpdatedAt": body.Certificate["CreatedAt"],
		"PackageName": "com.example.chat", "AppKey": "k1", "MasterSecret": "******", "ChannelId": "im",
	}, body.Certificate)

	req["Colour"] = "blue"
	err = c.Call(ctx, certs.ActionCreate, req, nil)
	assert.True(t, client.HasCode(err, "UnknownParameter"), "%v", err)
}

func TestPushCertificateDeleteAnswersAnEmptyResponse(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	console := srv.Console()
	got, err := console.Certs.CreateAndroid(t.Context(), app.SDKAppID, certs.Meizu{PackageName: "com.example.chat", AppID: "1", AppSecret: "s"}, certs.ClickAction{})
	require.NoError(t, err)

	c, err := srv.Client()
	require.NoError(t, err)
	var resp map[string]any
	require.NoError(t, c.Call(t.Context(), certs.ActionDelete, &consolewire.DeleteCertRequest{SDKAppID: app.SDKAppID, CertificateID: got.CertificateID}, &resp))
	assert.Equal(t, []string{"RequestId"}, keys(resp))
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A server whose clock is in the past accepts a certificate that has
// expired in real time but not at the server's time: the server validates
// at its own clock only.
func TestPushCertificateValidatedOnlyAtTheServerClock(t *testing.T) {
	t.Parallel()
	past := time.Now().Add(-48 * time.Hour)
	srv := imtest.NewServer(t, imtest.WithClock(func() time.Time { return past }))
	c, err := srv.Client(client.WithoutRetries())
	require.NoError(t, err)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	p12, err := certstest.APNsP12("com.example.chat", certs.EnvironmentProduction, time.Now().Add(-time.Hour), "pw")
	require.NoError(t, err)
	req := certs.NewCreateRequest(app.SDKAppID, certs.APNsCertificate{P12: p12, Password: "pw"}, certs.ClickAction{})
	require.Error(t, req.Validate(), "expired in real time")
	var resp consolewire.CertResponse[certs.Certificate]
	require.NoError(t, c.Call(t.Context(), certs.ActionCreate, req, &resp), "valid at the server's time")
	assert.Equal(t, "com.example.chat", resp.Certificate.BundleID)
}
