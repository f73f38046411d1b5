package imtest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/testkit"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

func TestOnlyAuthenticatedBodiesAreRecorded(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	big := []byte(`{"Offset":0,"Pad":"` + strings.Repeat("x", 1<<20) + `"}`)
	assert.Equal(t, "AuthFailure.SignatureFailure", send(t, srv, apps.ActionList, big, false).code)
	assert.Equal(t, "UnknownParameter", send(t, srv, apps.ActionList, big, true).code) // Pad
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Empty(t, reqs[0].Body, "an unauthenticated body is not kept")
	assert.Equal(t, "AuthFailure.SignatureFailure", reqs[0].Code, "but the request is")
	assert.Len(t, reqs[1].Body, len(big))

	// The REST API keeps a body only once the UserSig verified.
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	mount := httptest.NewServer(srv.Handler())
	t.Cleanup(mount.Close)
	resp, err := http.Post(fmt.Sprintf("%s/v4/im_open_login_svc/account_check?sdkappid=%d&identifier=administrator&usersig=bogus&random=1&contenttype=json", mount.URL, app.SDKAppID), "application/json", bytes.NewReader(big))
	require.NoError(t, err)
	resp.Body.Close()
	v4 := srv.RequestsFor("im_open_login_svc/account_check")
	require.Len(t, v4, 1)
	assert.Equal(t, "70003", v4[0].Code)
	assert.Empty(t, v4[0].Body)
}

// TestUnauthenticatedHeadersAreClippedInTheRecord: the path, action and
// region a client sends before it authenticates are kept to 1 KiB each,
// so 60 KB headers cannot fill the request log and push out what
// authenticated requests recorded.
func TestUnauthenticatedHeadersAreClippedInTheRecord(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	long := strings.Repeat("A", 60_000)
	assert.Equal(t, "AuthFailure.SignatureFailure", send(t, srv, long, []byte(`{}`), false).code)
	req := httptest.NewRequest(http.MethodPost, "/v4/"+long+"?random=1", strings.NewReader(`{}`))
	srv.Handler().ServeHTTP(httptest.NewRecorder(), req)
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.LessOrEqual(t, len(r.Action), 1<<10+len("…"))
		assert.LessOrEqual(t, len(r.Path), 1<<10+len("…"))
		assert.True(t, strings.HasSuffix(r.Action, "A…"), "the clip is marked")
	}
}

func TestRecordedBytesAreBounded(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	big := bytes.Repeat([]byte("x"), 4<<20) // refused at its first byte, once authenticated
	const sent = 17                         // 68 MiB of authenticated bodies
	for range sent {
		require.Equal(t, "InvalidParameter", send(t, srv, apps.ActionList, big, true).code)
	}
	total := 0
	reqs := srv.Requests()
	for _, r := range reqs {
		total += len(r.Body)
	}
	assert.LessOrEqual(t, total, 64<<20)
	assert.Less(t, len(reqs), sent, "the oldest were dropped")
	assert.NotEmpty(t, reqs, "the newest are kept")
}

func TestRequestDecoding(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	id := app.SDKAppID
	longField := strings.Repeat("F", 100_000)
	cases := []struct {
		name, action, body, code string
	}{
		{"trailing data", apps.ActionGet, fmt.Sprintf(`{"SdkAppId":%d}xyz`, id), "InvalidParameter"},
		{"a second object", apps.ActionGet, fmt.Sprintf(`{"SdkAppId":%d}{}`, id), "InvalidParameter"},
		{"trailing white space", apps.ActionGet, fmt.Sprintf("{\"SdkAppId\":%d}\n\t ", id), ""},
		{"null", apps.ActionList, `null`, "InvalidParameter"},
		{"null in white space", apps.ActionList, " null ", "InvalidParameter"},
		{"an array", apps.ActionList, `[]`, "InvalidParameter"},
		{"no parameters", apps.ActionList, `{}`, ""},
		{"token of 64", apps.ActionRegister, `{"AppName":"a","Region":"ap-guangzhou","ClientToken":"` + strings.Repeat("t", 64) + `"}`, ""},
		{"token of 65", apps.ActionRegister, `{"AppName":"a","Region":"ap-guangzhou","ClientToken":"` + strings.Repeat("t", 65) + `"}`, "InvalidParameterValue.ClientToken"},
		{"non-ASCII token", apps.ActionRegister, `{"AppName":"a","Region":"ap-guangzhou","ClientToken":"tök"}`, "InvalidParameterValue.ClientToken"},
		{"control character in token", apps.ActionRegister, `{"AppName":"a","Region":"ap-guangzhou","ClientToken":"a\nb"}`, "InvalidParameterValue.ClientToken"},
		{"unknown field of 100 000 bytes", apps.ActionGet, fmt.Sprintf(`{"SdkAppId":%d,"%s":1}`, id, longField), "UnknownParameter"},
		{"action of 60 000 bytes", strings.Repeat("A", 60_000), `{}`, "InvalidAction"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := send(t, srv, tc.action, []byte(tc.body), true)
			assert.Equal(t, tc.code, got.code, got.message)
			assert.LessOrEqual(t, len(got.message), 4<<10+3, "echoed input is capped")
			assert.NotContains(t, got.message, strings.Repeat("t", 65), "a token is never echoed")
		})
	}
}

// TestUnknownFieldsAreUnknownParameter: Tencent's API 3.0 answers an
// undefined parameter sent with UnknownParameter (its common error codes:
// "UnknownParameter 未知参数错误"), at any depth, and parameter names are
// case-sensitive (docs/protocol.md), so a name in another case is one too;
// a body that is not JSON, a value of the wrong type and data after the
// object stay InvalidParameter. The message names the field, never a
// ClientToken's value, and nothing is created.
func TestUnknownFieldsAreUnknownParameter(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	id := app.SDKAppID
	const token = "tok-never-echoed"
	cert := func(clickAction string) string {
		return fmt.Sprintf(`{"SdkAppId":%d,"Vendor":"OPPO","ClickAction":%s,"PackageName":"com.example.chat","AppKey":"k1","MasterSecret":"m","ChannelId":"im"}`, id, clickAction)
	}
	cases := []struct {
		name, action, body, code, field string
	}{
		{"top-level unknown field", apps.ActionList, `{"Offset":0,"Bogus":1}`, "UnknownParameter", "Bogus"},
		{"top-level name in another case", apps.ActionGet, fmt.Sprintf(`{"SDKAppID":%d}`, id), "UnknownParameter", "SDKAppID"},
		{"nested unknown field", certs.ActionCreate, cert(`{"Type":"OpenApp","Colour":"blue"}`), "UnknownParameter", "Colour"},
		{"nested name in another case", certs.ActionCreate, cert(`{"type":"OpenApp"}`), "UnknownParameter", "type"},
		{"ClientToken in another case", apps.ActionRegister, `{"AppName":"a","Region":"ap-guangzhou","clienttoken":"` + token + `"}`, "UnknownParameter", "clienttoken"},
		{"unknown field before a wrong type", apps.ActionGet, `{"Bogus":1,"SdkAppId":"1"}`, "UnknownParameter", "Bogus"},
		{"wrong type before an unknown field", apps.ActionGet, `{"SdkAppId":"1","Bogus":1}`, "UnknownParameter", "Bogus"},
		{"not JSON", apps.ActionGet, `{"SdkAppId":`, "InvalidParameter", ""},
		{"a string for a number", apps.ActionGet, `{"SdkAppId":"1"}`, "InvalidParameter", ""},
		{"data after the object", apps.ActionGet, fmt.Sprintf(`{"SdkAppId":%d}{"Bogus":1}`, id), "InvalidParameter", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := send(t, srv, tc.action, []byte(tc.body), true)
			assert.Equal(t, http.StatusOK, got.status)
			assert.Equal(t, tc.code, got.code, got.message)
			if tc.field != "" {
				assert.Contains(t, got.message, `"`+tc.field+`"`)
			}
			assert.NotContains(t, got.message, token)
		})
	}
	t.Cleanup(func() { // after the subtests
		list := send(t, srv, apps.ActionList, []byte(`{"Offset":0}`), true)
		assert.Contains(t, string(list.body), `"TotalCount":1`, "nothing was registered")
		certList := send(t, srv, certs.ActionList, []byte(fmt.Sprintf(`{"SdkAppId":%d}`, id)), true)
		assert.Contains(t, string(certList.body), `"Certificates":[]`, "nothing was created")
	})
}

func TestTrailingDataCreatesNothing(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	body := []byte(`{"AppName":"dup","Region":"ap-guangzhou","ClientToken":"once"}xyz`)
	for range 3 {
		assert.Equal(t, "InvalidParameter", send(t, srv, apps.ActionRegister, body, true).code)
	}
	list := send(t, srv, apps.ActionList, []byte(`{"Offset":0}`), true)
	assert.Contains(t, string(list.body), `"TotalCount":0`)
}

func TestClientTokens(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	token := strings.Repeat("k", 64)
	register := func(name string) answer {
		return send(t, srv, apps.ActionRegister, []byte(`{"AppName":"`+name+`","Region":"ap-guangzhou","ClientToken":"`+token+`"}`), true)
	}
	// A request refused by validation is not remembered: corrected, it
	// goes through with the same token.
	refused := register("not valid!")
	assert.Equal(t, "InvalidParameterValue.AppName", refused.code)
	first := register("fixed")
	require.Equal(t, 200, first.status, first.message)
	assert.Equal(t, first.body, register("fixed").body, "a repeat is answered the same")
	reused := register("other")
	assert.Equal(t, "InvalidParameterValue.ClientToken", reused.code)
	assert.NotContains(t, reused.message, token, "the reuse error does not echo the token")
}

func TestConcurrentRequestsWithOneTokenApplyOnce(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	body := []byte(`{"AppName":"once","Region":"ap-guangzhou","ClientToken":"same"}`)
	var wg sync.WaitGroup
	answers := make([]answer, 8)
	for i := range answers {
		wg.Go(func() { answers[i] = send(t, srv, apps.ActionRegister, body, true) })
	}
	wg.Wait()
	for _, a := range answers {
		assert.Equal(t, answers[0].body, a.body)
	}
	list := send(t, srv, apps.ActionList, []byte(`{"Offset":0}`), true)
	assert.Contains(t, string(list.body), `"TotalCount":1`)
}

// TestEndlessBodiesAreCut: an endless body from anyone, before any
// signature or UserSig is checked, is read to 4 MiB and a byte, no
// further: the console answers 413 RequestSizeLimitExceeded, the REST API
// 60002 saying the bound.
func TestEndlessBodiesAreCut(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	cases := []struct {
		name, target string
		check        func(t *testing.T, w *httptest.ResponseRecorder)
	}{
		{"console", "/", func(t *testing.T, w *httptest.ResponseRecorder) {
			assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
			assert.Contains(t, w.Body.String(), `"Code":"RequestSizeLimitExceeded"`)
		}},
		{"REST API", "/v4/im_open_login_svc/account_check?sdkappid=1400000001&identifier=administrator&usersig=forged&random=1&contenttype=json", func(t *testing.T, w *httptest.ResponseRecorder) {
			assert.Equal(t, http.StatusOK, w.Code)
			assert.Contains(t, w.Body.String(), fmt.Sprintf(`"ErrorCode":%d`, restapi.CodeHTTPParse))
			assert.Contains(t, w.Body.String(), "at most 4194304 bytes")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body := &testkit.EndlessReader{}
			r := httptest.NewRequest(http.MethodPost, tc.target, body)
			r.ContentLength = -1
			w := httptest.NewRecorder()
			srv.Handler().ServeHTTP(w, r)
			assert.LessOrEqual(t, body.N, int64(4<<20+64<<10), "bytes read of the body")
			tc.check(t, w)
		})
	}
}

func TestHostileP12DoesNotStallOthers(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	hostile, err := os.ReadFile("../certs/testdata/mac-3m-iterations.p12")
	require.NoError(t, err)
	body := func(sdkAppID uint64) []byte {
		b, err := json.Marshal(map[string]any{"SdkAppId": sdkAppID, "Vendor": "APNs", "AuthType": "Certificate", "P12": base64.StdEncoding.EncodeToString(hostile), "P12Password": "wrong", "BundleId": "com.example.app", "Environment": "Production"})
		require.NoError(t, err)
		return b
	}
	start := time.Now()
	assert.Equal(t, "ResourceNotFound.App", send(t, srv, certs.ActionCreate, body(app.SDKAppID+1), true).code, "looked up before the file is opened")
	assert.Equal(t, "InvalidParameterValue.P12", send(t, srv, certs.ActionCreate, body(app.SDKAppID), true).code, "refused before any key derivation")
	assert.Less(t, time.Since(start), time.Second)
}

func TestTagFiltersIntersect(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	for _, env := range []string{"a", "b", "c"} {
		app, err := srv.SeedApp(imtest.AppSeed{})
		require.NoError(t, err)
		require.NoError(t, srv.SeedTags(app.SDKAppID, map[string]string{"env": env}))
	}
	cases := []struct {
		filters string
		want    int
	}{
		{`[{"TagKey":"env","TagValues":["a","b"]},{"TagKey":"env","TagValues":["b","c"]}]`, 1},
		{`[{"TagKey":"env"},{"TagKey":"env","TagValues":["a","c"]}]`, 2},
		{`[{"TagKey":"env","TagValues":["a"]},{"TagKey":"env","TagValues":["c"]}]`, 0},
		{`[{"TagKey":"env"},{"TagKey":"team"}]`, 0},
	}
	for _, tc := range cases {
		got := send(t, srv, apps.ActionList, []byte(`{"Offset":0,"TagFilters":`+tc.filters+`}`), true)
		assert.Contains(t, string(got.body), fmt.Sprintf(`"TotalCount":%d`, tc.want), tc.filters)
	}
}

func TestSlowConnectionsAreClosed(t *testing.T) {
	t.Parallel()
	srv := mustNew(t, imtest.WithTimeouts(300*time.Millisecond, 0, 300*time.Millisecond))
	require.NoError(t, srv.Start("127.0.0.1:0"))
	t.Cleanup(srv.Close)
	addr := strings.TrimPrefix(srv.URL(), "http://")

	// open sends request on a new connection to the server.
	open := func(t *testing.T, request string) net.Conn {
		t.Helper()
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		t.Cleanup(func() { conn.Close() })
		_, err = io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"+request)
		require.NoError(t, err)
		return conn
	}
	// closed waits until the server closes conn.
	closed := func(t *testing.T, conn net.Conn) {
		t.Helper()
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
		_, err := io.Copy(io.Discard, conn)
		var ne net.Error
		if err != nil && assert.ErrorAs(t, err, &ne) {
			assert.False(t, ne.Timeout(), "the server should have closed the connection")
		}
	}
	t.Run("trickled body", func(t *testing.T) {
		t.Parallel()
		closed(t, open(t, "Content-Length: 1000\r\n\r\n{"))
	})
	t.Run("idle keep-alive", func(t *testing.T) {
		t.Parallel()
		conn := open(t, "Content-Length: 2\r\n\r\n{}")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		closed(t, conn)
	})
}

// forgery is a small valid request and a forged expensive one of one API,
// both on one server's handler, each answering an error when the server
// does not answer it as it should. The forger knows only public names:
// the console's is a body of nearly 4 MiB under the default account's
// SecretId, signed with a wrong key, to a Host with a port (so the server
// hashes it twice, with and without the port); the REST API's is an
// ECDSA UserSig for a legacy app, signed with another app's key (so the
// server inflates it and runs an ECDSA verification).
type forgery struct {
	name          string
	valid, forged func() error
}

// forgeries are the console's and the REST API's forgery, on srv, a
// server with its v4 rate limit off.
func forgeries(tb testing.TB) (srv *imtest.Server, _ []forgery) {
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	srv = imtest.NewServer(tb, imtest.WithClock(func() time.Time { return now }), imtest.WithV4RateLimit(0))
	id, key := srv.Credentials()
	ts := now.Unix()
	small := []byte(`{"Offset":0}`)
	big := []byte(`{"Offset":0,"Pad":"` + strings.Repeat("x", 4<<20-64) + `"}`)
	signed := tc3Authorization(id, key, "im", apps.ActionList, true, small, ts)
	forged := tc3Authorization(id, "not-"+key, "im", apps.ActionList, true, big, ts)

	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(tb, err)
	admin := &v4App{srv: srv, id: app.SDKAppID, signer: signerOf(tb, srv, app.SDKAppID)}
	legacy := time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC)
	target, err := srv.SeedApp(imtest.AppSeed{CreatedAt: legacy})
	require.NoError(tb, err)
	other, err := srv.SeedApp(imtest.AppSeed{CreatedAt: legacy})
	require.NoError(tb, err)
	secret, err := srv.Console().Apps.Secret(context.Background(), other.SDKAppID)
	require.NoError(tb, err)
	forger, err := usersig.NewECDSASigner(target.SDKAppID, []byte(secret.PrivateKey))
	require.NoError(tb, err)
	victim := &v4App{srv: srv, id: target.SDKAppID}

	validQuery := admin.query("administrator", mint(tb, admin.signer, "administrator", now, 24*time.Hour))
	forgedQuery := victim.query("administrator", mint(tb, forger, "administrator", now, 24*time.Hour))
	return srv, []forgery{{
		name: "console",
		valid: func() error {
			return consoleAnswered(serveConsole(srv, http.MethodPost, apps.ActionList, versionOf("im"), ts, signed, small), "")
		},
		forged: func() error {
			return consoleAnswered(serveConsoleTo(srv, conformanceHost+":443", http.MethodPost, apps.ActionList, versionOf("im"), ts, forged, big), "AuthFailure.SignatureFailure")
		},
	}, {
		name:   "v4",
		valid:  func() error { return v4Answered(srv, pathCheck, validQuery, checkBody, 0) },
		forged: func() error { return v4Answered(srv, pathCheck, forgedQuery, checkBody, restapi.CodeUserSigKey) },
	}}
}

// TestForgedRequestsBesideValidOnes: valid and forged requests sent at
// once, while accounts and apps are being made, all get their own
// answers, the forged ones AuthFailure.SignatureFailure (console) or 70009
// (REST API).
func TestForgedRequestsBesideValidOnes(t *testing.T) {
	t.Parallel()
	srv, cases := forgeries(t)
	for _, f := range cases {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			var senders, changes sync.WaitGroup
			errs := make(chan error, 128)
			sent := make(chan struct{}, 1)
			for i := range 6 {
				senders.Go(func() {
					send, n := f.valid, 20
					if i < 2 {
						send, n = f.forged, 4
					}
					for range n {
						if err := send(); err != nil {
							errs <- err
						}
						select {
						case sent <- struct{}{}:
						default:
						}
					}
				})
			}
			done := make(chan struct{})
			changes.Go(func() { // the accounts and apps the requests look up change meanwhile, paced by them
				for {
					select {
					case <-done:
						return
					case <-sent:
					}
					srv.NewAccount()
					if _, err := srv.SeedApp(imtest.AppSeed{}); err != nil {
						errs <- err
					}
				}
			})
			senders.Wait()
			close(done)
			changes.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
		})
	}
}

// BenchmarkSmallRequestsBesideForgedLargeOnes measures what forged
// requests (see forgery) cost everyone else: the latency of small valid
// requests sent one after another, alone and while another goroutine
// sends forged ones without pause, as p50-µs, p90-µs and p99-µs (ns/op
// is their mean). One forger
// leaves the small requests a core of their own on a 2-core machine, so
// the difference is what the forged work holds up, not CPU share.
func BenchmarkSmallRequestsBesideForgedLargeOnes(b *testing.B) {
	_, cases := forgeries(b)
	for _, f := range cases {
		for _, forgers := range []int{0, 1} {
			name := f.name + "/alone"
			if forgers > 0 {
				name = f.name + "/forged"
			}
			b.Run(name, func(b *testing.B) {
				stop := make(chan struct{})
				var wg sync.WaitGroup
				var wrong atomic.Int64
				for range forgers {
					wg.Go(func() {
						repeat(stop, func() bool {
							if f.forged() != nil {
								wrong.Add(1)
							}
							return true
						})
					})
				}
				var lat []time.Duration
				for b.Loop() {
					start := time.Now()
					if err := f.valid(); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(start))
				}
				close(stop)
				wg.Wait()
				require.Zero(b, wrong.Load(), "forged requests answered wrongly")
				slices.Sort(lat)
				b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
				b.ReportMetric(float64(lat[len(lat)*9/10].Nanoseconds())/1e3, "p90-µs")
				b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
			})
		}
	}
}
