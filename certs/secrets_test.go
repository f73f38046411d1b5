package certs_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/testkit"
)

// needles are the byte strings whose presence would reveal a secret: the
// secret itself and, for PEM and base64 forms, each line and some windows,
// so a re-encoded or partial leak is caught too.
func needles(secret []byte) [][]byte {
	out := [][]byte{secret}
	text := strings.ReplaceAll(string(secret), `\n`, "\n") // PEM inside JSON
	if strings.Contains(text, "-----BEGIN") {
		for _, line := range strings.Split(text, "\n") {
			if line = strings.TrimSpace(line); len(line) >= 16 && !strings.HasPrefix(line, "-----") {
				out = append(out, []byte(line))
			}
		}
		return out
	}
	if len(secret) > 64 {
		b64 := base64.StdEncoding.EncodeToString(secret)
		out = append(out, []byte(b64))
		for _, at := range []int{0, len(b64) / 3, len(b64) / 2, len(b64) - 40} {
			out = append(out, []byte(b64[at:at+32]))
		}
		out = append(out, secret[len(secret)/2:len(secret)/2+32])
	}
	return out
}

// TestSecretsNeverComeBack runs every action with every kind of secret,
// successes and refusals, and scans every response body, every log line of
// the client and of the server, and every error for any secret byte
// string. Request bodies (srv.Requests) carry the secrets by design.
func TestSecretsNeverComeBack(t *testing.T) {
	t.Parallel()
	var serverLog, clientLog testkit.SyncBuffer
	debug := &slog.HandlerOptions{Level: slog.LevelDebug}
	srv := imtest.NewServer(t, imtest.WithLogger(slog.New(slog.NewTextHandler(&serverLog, debug))))
	var bodies testkit.SyncBuffer // every response body the client receives
	rec := testkit.Answers{Next: http.DefaultTransport.(*http.Transport).Clone(), Seen: func(_ *http.Request, _ *http.Response, body []byte) {
		_, _ = bodies.Write(append(body, '\n'))
	}}
	console := srv.Console(
		client.WithLogger(slog.New(slog.NewJSONHandler(&clientLog, debug))),
		client.WithHTTPClient(&http.Client{Transport: rec}),
		client.WithoutRetries(),
	)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	id := app.SDKAppID
	ctx := t.Context()

	p12 := apnsP12(t, bundle, certs.EnvironmentProduction, inAYear(), password)
	p12b := apnsP12(t, bundle, certs.EnvironmentProduction, inAYear().Add(24*time.Hour), "second-p12-password")
	tok := token(t, bundle, certs.EnvironmentProduction)
	newKey := p8Key(t)
	fcm := serviceAccount(t)
	android := androidCredentials(t)
	hos := harmonyAccount(t)
	secrets := [][]byte{hos, p12, p12b, []byte(password), []byte("second-p12-password"), tok.Key, newKey, fcm,
		[]byte(huawei().AppSecret), []byte("honor-client-secret-XYZ"), []byte("xiaomi-app-secret-XYZ=="), []byte("oppo-master-secret-XYZ"),
		[]byte("vivo-app-secret-XYZ"), []byte("meizu-app-secret-XYZ"), []byte("new-huawei-secret-XYZ"), []byte("bad huawei secret XYZ")}
	var errs []string
	note := func(err error) {
		if err != nil {
			errs = append(errs, err.Error(), fmt.Sprintf("%+v %#v", err, err))
		}
	}
	must := func(c *certs.Certificate, err error) *certs.Certificate {
		t.Helper()
		require.NoError(t, err)
		return c
	}

	// Successes.
	ios := must(console.Certs.CreateIOS(ctx, id, certs.APNsCertificate{P12: p12, Password: password}))
	p8 := must(console.Certs.CreateIOSToken(ctx, id, tok))
	var created []*certs.Certificate
	for _, cred := range android {
		created = append(created, must(console.Certs.CreateAndroid(ctx, id, cred, certs.OpenURL("https://example.com"))))
	}
	must(console.Certs.Update(ctx, id, created[0].CertificateID, certs.Update{Credential: certs.Huawei{AppSecret: "new-huawei-secret-XYZ"}}))
	must(console.Certs.Update(ctx, id, created[0].CertificateID, certs.Update{Credential: certs.Huawei{PackageName: "com.example.other", AppSecret: certs.Masked}}))
	must(console.Certs.Update(ctx, id, ios.CertificateID, certs.Update{Credential: certs.APNsCertificate{P12: p12b, Password: "second-p12-password"}}))
	must(console.Certs.Update(ctx, id, p8.CertificateID, certs.Update{Credential: certs.APNsToken{Key: newKey}}))
	must(console.Certs.Update(ctx, id, created[6].CertificateID, certs.Update{Credential: certs.FCM{ServiceAccountJSON: fcm}}))
	hm := must(console.Certs.CreateHarmonyOS(ctx, id, harmony(t), certs.OpenPageURI("myapp://chat/detail")))
	must(console.Certs.Update(ctx, id, hm.CertificateID, certs.Update{Credential: certs.HarmonyOS{ServiceAccountJSON: hos, Category: certs.HarmonyCategoryVoIP}}))
	list, err := console.Certs.List(ctx, id, "")
	require.NoError(t, err)
	require.Len(t, list, 10)
	for _, c := range list {
		must(console.Certs.Get(ctx, id, c.CertificateID))
	}
	replay := certs.NewCreateRequest(id, certs.Meizu{PackageName: "com.example.chat", AppID: "1300", AppSecret: "meizu-app-secret-XYZ"}, certs.ClickAction{})
	replay.ClientToken = "replayed-upload"
	must(console.Certs.Create(ctx, replay))
	must(console.Certs.Create(ctx, replay))

	// Refusals, by the SDK and by the server.
	_, err = console.Certs.CreateIOS(ctx, id, certs.APNsCertificate{P12: p12, Password: "second-p12-password"})
	note(err)
	_, err = console.Certs.CreateAndroid(ctx, id, certs.Huawei{PackageName: "com.example.chat", AppID: "1", AppSecret: "bad huawei secret XYZ"}, certs.ClickAction{})
	note(err)
	for _, req := range []*certs.CreateRequest{
		certs.NewCreateRequest(id, certs.APNsCertificate{P12: p12, Password: "second-p12-password"}, certs.ClickAction{}),
		certs.NewCreateRequest(id, certs.APNsCertificate{P12: p12, Password: password, BundleID: "com.example.other"}, certs.ClickAction{}),
		certs.NewCreateRequest(id, certs.Huawei{PackageName: "com.example.chat", AppID: "1", AppSecret: "bad huawei secret XYZ"}, certs.ClickAction{}),
		certs.NewCreateRequest(id, certs.Honor{PackageName: "com.example.chat", AppID: "1", ClientSecret: "honor-client-secret-XYZ"}, certs.ClickAction{}),
		certs.NewCreateRequest(id, tok, certs.ClickAction{}), // the token is already there
		certs.NewCreateRequest(id, certs.HarmonyOS{PackageName: "com.example.chat", ServiceAccountJSON: hos, Category: "im"}, certs.ClickAction{}),
	} {
		err := console.Client.Call(ctx, certs.ActionCreate, req, nil)
		require.Error(t, err)
		note(err)
	}
	note(console.Client.Call(ctx, certs.ActionModify, &certs.UpdateRequest{SDKAppID: id, CertificateID: ios.CertificateID, Fields: certs.Fields{P12Password: password}}, nil))
	note(console.Client.Call(ctx, certs.ActionModify, &certs.UpdateRequest{SDKAppID: id, CertificateID: created[0].CertificateID, Fields: certs.Fields{MasterSecret: "oppo-master-secret-XYZ"}}, nil))
	require.Len(t, errs, 2*10)

	responses, logs := bodies.Bytes(), append(serverLog.Bytes(), clientLog.Bytes()...)
	require.Contains(t, string(responses), certs.Masked, "the recorder saw the responses")
	require.True(t, bytes.Contains(serverLog.Bytes(), []byte(certs.ActionModify)), "the server logged")
	require.True(t, bytes.Contains(clientLog.Bytes(), []byte(certs.ActionModify)), "the client logged")
	for i, secret := range secrets {
		for _, n := range needles(secret) {
			assert.False(t, bytes.Contains(responses, n), "secret %d appears in a response: %.40q", i, n)
			assert.False(t, bytes.Contains(logs, n), "secret %d appears in a log line: %.40q", i, n)
			for _, e := range errs {
				assert.False(t, strings.Contains(e, string(n)), "secret %d appears in an error: %s", i, e)
			}
		}
	}
	// The requests do carry them: that is how they are uploaded.
	var sent []byte
	for _, r := range srv.Requests() {
		sent = append(sent, r.Body...)
	}
	assert.True(t, bytes.Contains(sent, []byte("new-huawei-secret-XYZ")))
}

// TestPrintingAndLoggingNeverShowSecrets covers every type that holds a
// secret: every fmt verb, pointers, and slog's text and JSON handlers.
func TestPrintingAndLoggingNeverShowSecrets(t *testing.T) {
	t.Parallel()
	p12 := apnsP12(t, bundle, certs.EnvironmentProduction, inAYear(), password)
	tok := token(t, bundle, certs.EnvironmentProduction)
	fcm := serviceAccount(t)
	values := []any{
		certs.APNsCertificate{P12: p12, Password: password, BundleID: bundle},
		tok,
		huawei(),
		certs.Honor{PackageName: "com.example.chat", ClientSecret: "honor-client-secret-XYZ"},
		certs.Xiaomi{AppSecret: "xiaomi-app-secret-XYZ"},
		certs.OPPO{MasterSecret: "oppo-master-secret-XYZ"},
		certs.Vivo{AppSecret: "vivo-app-secret-XYZ"},
		certs.Meizu{AppSecret: "meizu-app-secret-XYZ"},
		certs.FCM{ServiceAccountJSON: fcm},
		harmony(t),
		certs.Update{Credential: harmony(t)},
		certs.Update{Credential: huawei()},
		*certs.NewCreateRequest(1, certs.APNsCertificate{P12: p12, Password: password}, certs.ClickAction{}),
		certs.NewCreateRequest(1, tok, certs.ClickAction{}).Fields,
		*certs.NewUpdateRequest(1, 2, certs.Update{Credential: certs.FCM{ServiceAccountJSON: fcm}}),
		*certs.NewUpdateRequest(1, 2, certs.Update{Credential: huawei()}),
		*certs.NewCreateRequest(1, harmony(t), certs.ClickAction{}),
	}
	secrets := [][]byte{harmonyAccount(t), p12, []byte(password), tok.Key, fcm, []byte(huawei().AppSecret), []byte("honor-client-secret-XYZ"),
		[]byte("xiaomi-app-secret-XYZ"), []byte("oppo-master-secret-XYZ"), []byte("vivo-app-secret-XYZ"), []byte("meizu-app-secret-XYZ")}
	for _, v := range values {
		t.Run(fmt.Sprintf("%T", v), func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			ptr := reflect.New(reflect.TypeOf(v))
			ptr.Elem().Set(reflect.ValueOf(v))
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
				fmt.Fprintf(&out, verb+"\n", v)
				fmt.Fprintf(&out, verb+"\n", ptr.Interface())
				fmt.Fprintf(&out, verb+"\n", []any{v})
				fmt.Fprintf(&out, verb+"\n", struct{ V any }{v})
			}
			fmt.Fprintln(&out, v)
			if s, ok := v.(fmt.Stringer); ok { // fmt calls Format instead
				fmt.Fprintln(&out, s.String())
			}
			slog.New(slog.NewJSONHandler(&out, nil)).Info("value", "v", v)
			slog.New(slog.NewTextHandler(&out, nil)).Info("value", "v", v)
			assert.Contains(t, out.String(), certs.Masked)
			for i, secret := range secrets {
				for _, n := range needles(secret) {
					assert.False(t, bytes.Contains(out.Bytes(), n), "secret %d printed: %.40q\n%s", i, n, out.String())
				}
			}
		})
	}
}

func TestPrintingShowsThePublicFields(t *testing.T) {
	t.Parallel()
	h := huawei()
	assert.Equal(t, `certs.Huawei{PackageName: "com.example.chat", AppID: "104412345", AppSecret: ******, ChannelID: "", BadgeClass: ""}`, h.String())
	assert.Equal(t, `certs.Meizu{PackageName: "", AppID: "", AppSecret: ""}`, fmt.Sprint(certs.Meizu{}), "an empty secret shows empty")
	req := certs.NewCreateRequest(1400000001, h, certs.OpenURL("https://example.com"))
	assert.Contains(t, fmt.Sprintf("%+v", req), `SDKAppID: 1400000001`)
	assert.Contains(t, fmt.Sprintf("%+v", req), `ClickAction: &{Type: "OpenURL", URL: "https://example.com"`)
}

// TestSecretsStaySecretWhenNested puts each credential, an Update, and
// the CreateRequest and Fields built from it, in a struct in a slice in a
// map, and checks that fmt, slog's JSON and text handlers and
// encoding/json never show a secret at that depth, while the body the
// request sends (WireBody) carries it.
func TestSecretsStaySecretWhenNested(t *testing.T) {
	t.Parallel()
	p12 := apnsP12(t, bundle, certs.EnvironmentProduction, inAYear(), password)
	tok := token(t, bundle, certs.EnvironmentProduction)
	fcm := serviceAccount(t)
	for _, tc := range []struct {
		cred   certs.Credential
		secret []byte
	}{
		{certs.APNsCertificate{P12: p12, Password: password}, []byte(password)},
		{certs.APNsCertificate{P12: p12}, p12},
		{tok, tok.Key},
		{huawei(), []byte(huawei().AppSecret)},
		{certs.Honor{ClientSecret: "honor-client-secret-XYZ"}, []byte("honor-client-secret-XYZ")},
		{certs.OPPO{MasterSecret: "oppo-master-secret-XYZ"}, []byte("oppo-master-secret-XYZ")},
		{certs.FCM{ServiceAccountJSON: fcm}, fcm},
		{harmony(t), harmonyAccount(t)},
	} {
		t.Run(fmt.Sprintf("%T", tc.cred), func(t *testing.T) {
			t.Parallel()
			type holder struct {
				Name    string
				Cred    certs.Credential
				Update  certs.Update
				Request *certs.CreateRequest
				Fields  certs.Fields
				Modify  certs.UpdateRequest
			}
			req := certs.NewCreateRequest(1, tc.cred, certs.ClickAction{})
			nested := map[string][]holder{"creds": {{Name: "push", Cred: tc.cred, Update: certs.Update{Credential: tc.cred},
				Request: req, Fields: req.Fields, Modify: *certs.NewUpdateRequest(1, 2, certs.Update{Credential: tc.cred})}}}
			out, _ := testkit.Render(t, nested)
			assert.Contains(t, out, certs.Masked)
			for _, n := range needles(tc.secret) {
				assert.False(t, strings.Contains(out, string(n)), "secret shown: %.40q\n%s", n, out)
			}

			wire, err := json.Marshal(req.WireBody())
			require.NoError(t, err)
			sent := tc.secret
			if bytes.Equal(sent, p12) {
				sent = []byte(base64.StdEncoding.EncodeToString(p12))
			}
			sent, err = json.Marshal(string(sent))
			require.NoError(t, err)
			assert.Contains(t, string(wire), string(sent), "the request carries the secret")
		})
	}
}

func TestCredentialJSONShowsThePublicFields(t *testing.T) {
	t.Parallel()
	got, err := json.Marshal(huawei())
	require.NoError(t, err)
	assert.JSONEq(t, `{"PackageName": "com.example.chat", "AppID": "104412345", "AppSecret": "******"}`, string(got))
	got, err = json.Marshal(certs.Meizu{AppID: "1"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"AppID": "1"}`, string(got), "empty fields, secrets too, are left out")
}

// TestWireBodiesRoundTrip: the body Create and Modify send (WireBody)
// holds every field of the request under its wire name, so it decodes
// back into the same request, and the request's own JSON has the same
// keys in the same order with Masked in place of each secret.
func TestWireBodiesRoundTrip(t *testing.T) {
	t.Parallel()
	fill := func(f *certs.Fields) {
		v := reflect.ValueOf(f).Elem()
		for i := range v.NumField() {
			v.Field(i).SetString(v.Type().Field(i).Name + "-value")
		}
	}
	create := &certs.CreateRequest{SDKAppID: 1400000001, Vendor: certs.VendorAPNs, Platform: certs.PlatformIOS, AuthType: certs.AuthCertificate,
		ClickAction: &certs.ClickAction{Type: certs.ClickOpenApp}, Idempotency: client.Idempotency{ClientToken: "tok"}}
	fill(&create.Fields)
	update := &certs.UpdateRequest{SDKAppID: 1400000001, CertificateID: 10001, Vendor: certs.VendorAPNs, AuthType: certs.AuthCertificate,
		ClickAction: &certs.ClickAction{Type: certs.ClickOpenApp}, Idempotency: client.Idempotency{ClientToken: "tok"}}
	fill(&update.Fields)
	for _, tc := range []struct {
		req   any
		wire  any
		fresh any
	}{{create, create.WireBody(), &certs.CreateRequest{}}, {update, update.WireBody(), &certs.UpdateRequest{}}} {
		wire, err := json.Marshal(tc.wire)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(wire, tc.fresh))
		assert.Equal(t, tc.req, tc.fresh, "the wire body decodes back into the request")
		shown, err := json.Marshal(tc.req)
		require.NoError(t, err)
		assert.Equal(t, wireKeys(t, wire), wireKeys(t, shown), "the request's JSON is the wire body's shape")
		assert.Equal(t, declaredKeys(reflect.TypeOf(tc.req).Elem()), wireKeys(t, wire), "in the order the request declares its fields, as it was sent before it masked its JSON")
		assert.Contains(t, string(wire), `"P12Password":"P12Password-value"`)
		assert.Contains(t, string(shown), `"P12Password":"******"`)
		assert.NotContains(t, string(shown), "P12Password-value")
		assert.Contains(t, string(shown), `"BundleId":"BundleID-value"`, "a public field is shown")
	}
}

// wireKeys is the top-level keys of a JSON object in the order written.
func wireKeys(t *testing.T, b []byte) []string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	_, err := d.Token()
	require.NoError(t, err)
	var out []string
	for d.More() {
		k, err := d.Token()
		require.NoError(t, err)
		out = append(out, k.(string))
		var skip json.RawMessage
		require.NoError(t, d.Decode(&skip))
	}
	return out
}

// declaredKeys is the JSON names of a struct type's fields in declaration
// order, embedded structs flattened: the order encoding/json wrote the
// request in before it had a MarshalJSON, i.e. what Create sent.
func declaredKeys(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, declaredKeys(f.Type)...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	return out
}

// TestFieldsJSONMasksOnlyTheSecretsSet: a Fields' JSON shows Masked for
// each secret that is set and leaves the empty ones out, as the wire body
// does, so its keys are the wire body's.
func TestFieldsJSONMasksOnlyTheSecretsSet(t *testing.T) {
	t.Parallel()
	f := certs.Fields{PackageName: "com.example.chat", AppSecret: "the-app-secret-123456"}
	got, err := json.Marshal(f)
	require.NoError(t, err)
	assert.JSONEq(t, `{"PackageName":"com.example.chat","AppSecret":"******"}`, string(got))

	req := certs.CreateRequest{SDKAppID: 1, Vendor: certs.VendorHuawei, Fields: f}
	shown, err := json.Marshal(req)
	require.NoError(t, err)
	wire, err := json.Marshal(req.WireBody())
	require.NoError(t, err)
	assert.Equal(t, wireKeys(t, wire), wireKeys(t, shown), "the request's JSON has the wire body's keys, no masked empty secret")
	assert.NotContains(t, string(shown), `"P12"`)
	assert.NotContains(t, string(shown), `"MasterSecret"`)
}

// lastBody is the body of the last request of action srv recorded.
func lastBody(t *testing.T, srv *imtest.Server, action string) string {
	t.Helper()
	reqs := srv.RequestsFor(action)
	require.NotEmpty(t, reqs)
	return string(reqs[len(reqs)-1].Body)
}

// TestCallSendsTheWireBodyOfARequestValue: client.Call given a
// CreateRequest or UpdateRequest value, not a pointer, sends its
// WireBody (secrets in clear), not its masking JSON.
func TestCallSendsTheWireBodyOfARequestValue(t *testing.T) {
	t.Parallel()
	type wired interface{ WireBody() any }
	_, ok := any(certs.CreateRequest{}).(wired)
	assert.True(t, ok, "a CreateRequest value has WireBody")
	_, ok = any(certs.UpdateRequest{}).(wired)
	assert.True(t, ok, "an UpdateRequest value has WireBody")

	srv, console, id := setup(t)
	var created struct {
		Certificate *certs.Certificate
	}
	require.NoError(t, console.Client.Call(t.Context(), certs.ActionCreate, *certs.NewCreateRequest(id, huawei(), certs.ClickAction{}), &created))
	require.NotNil(t, created.Certificate)
	body := lastBody(t, srv, certs.ActionCreate)
	assert.Contains(t, body, huawei().AppSecret, "Create's body carries the secret")

	upd := *certs.NewUpdateRequest(id, created.Certificate.CertificateID, certs.Update{Credential: certs.Huawei{AppSecret: "0123456789abcdef0123456789abcdef"}})
	require.NoError(t, console.Client.Call(t.Context(), certs.ActionModify, upd, nil))
	assert.Contains(t, lastBody(t, srv, certs.ActionModify), "0123456789abcdef0123456789abcdef", "Modify's body carries the secret")
}

// TestWireBodyPrintsNoSecret: the body the client sends carries the
// secrets in its JSON, which is what it is for: printed (fmt, at any
// depth) or logged as itself (slog, either handler) it shows none.
func TestWireBodyPrintsNoSecret(t *testing.T) {
	t.Parallel()
	body := certs.NewCreateRequest(1, huawei(), certs.ClickAction{}).WireBody()
	out := fmt.Sprintf("%v %+v %#v %s %v", body, body, body, body, map[string][]any{"body": {body}})
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("sent", "body", body)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("sent", "body", body)
	out += logs.String()
	assert.Contains(t, out, "Huawei")
	assert.NotContains(t, out, huawei().AppSecret)
	wire, err := json.Marshal(body)
	require.NoError(t, err)
	assert.Contains(t, string(wire), huawei().AppSecret)
}
