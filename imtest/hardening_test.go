package imtest_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/imtest"
)

func TestOnlyAuthenticatedBodiesAreRecorded(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	big := []byte(`{"Offset":0,"Pad":"` + strings.Repeat("x", 1<<20) + `"}`)
	assert.Equal(t, "AuthFailure.SignatureFailure", send(t, srv, apps.ActionList, big, false).code)
	assert.Equal(t, "InvalidParameter", send(t, srv, apps.ActionList, big, true).code)
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
		{"token of 64", apps.ActionRegister, `{"AppName":"a","Region":"ap-guangzhou","ClientToken":"` + strings.Repeat("t", 64) + `"}`, ""},
		{"token of 65", apps.ActionRegister, `{"AppName":"a","Region":"ap-guangzhou","ClientToken":"` + strings.Repeat("t", 65) + `"}`, "InvalidParameterValue.ClientToken"},
		{"non-ASCII token", apps.ActionRegister, `{"AppName":"a","Region":"ap-guangzhou","ClientToken":"tök"}`, "InvalidParameterValue.ClientToken"},
		{"control character in token", apps.ActionRegister, `{"AppName":"a","Region":"ap-guangzhou","ClientToken":"a\nb"}`, "InvalidParameterValue.ClientToken"},
		{"unknown field of 100 000 bytes", apps.ActionGet, fmt.Sprintf(`{"SdkAppId":%d,"%s":1}`, id, longField), "InvalidParameter"},
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
