package imtest_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/imconsole/imconsole/imtest"
)

// FuzzUnauthenticated sends what anyone who can reach the server may send
// before it knows who they are: fuzzed Authorization, X-TC-Timestamp,
// Content-Type and X-TC-Action headers on POST /, and a fuzzed command
// and query under /v4/, with a fuzzed body (seeds in
// testdata/fuzz/FuzzUnauthenticated; $ID, $TS, $DATE and $APP stand for
// the SecretId, the server's Unix time, its UTC date and the app, so runs
// reach the signature and UserSig checks). Neither can forge a signature
// or a UserSig, so every answer is a refusal in its envelope (HTTP 200,
// or the gateway's 405 and 413 on /), with a message of at most 4 KiB;
// no body is recorded, no usersig value is recorded or logged, and each
// log line stays within its bounds.
func FuzzUnauthenticated(f *testing.F) {
	f.Fuzz(func(t *testing.T, authorization, timestamp, contentType, action, query string, body []byte) {
		var logs bytes.Buffer
		srv := mustNew(t, imtest.WithCredentials("AKIDfuzz", "fuzz-secret-key"), imtest.WithClock(func() time.Time { return time.Unix(1767225600, 0) }),
			imtest.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
		app, err := srv.SeedApp(imtest.AppSeed{})
		if err != nil {
			t.Fatal(err)
		}
		now := srv.Now()
		vars := strings.NewReplacer("$ID", "AKIDfuzz", "$TS", strconv.FormatInt(now.Unix(), 10),
			"$DATE", now.UTC().Format(time.DateOnly), "$APP", strconv.FormatUint(app.SDKAppID, 10))

		req := httptest.NewRequest(http.MethodPost, "http://im.tencentcloudapi.com/", bytes.NewReader(body))
		for k, v := range map[string]string{"Authorization": authorization, "X-TC-Timestamp": timestamp, "Content-Type": contentType, "X-TC-Action": action} {
			req.Header[k] = []string{vars.Replace(v)}
		}
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, req)
		var env struct {
			Response *struct {
				Error     *struct{ Code, Message string }
				RequestID string `json:"RequestId"`
			}
		}
		if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil || env.Response == nil || env.Response.Error == nil || env.Response.Error.Code == "" {
			t.Fatalf("HTTP %d %q is not a refusal in the API 3.0 envelope", w.Code, w.Body)
		}
		if w.Code != http.StatusOK && w.Code != http.StatusMethodNotAllowed && w.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("HTTP %d for POST /", w.Code)
		}
		if n := len(env.Response.Error.Message); n > 4<<10+3 {
			t.Fatalf("a message of %d bytes", n)
		}

		u := httptest.NewRequest(http.MethodPost, "http://console.tim.qq.com/", bytes.NewReader(body))
		u.URL.Path, u.URL.RawQuery = "/v4/"+vars.Replace(action), vars.Replace(query)
		w = httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, u)
		var v4 struct {
			ActionStatus string
			ErrorCode    *int
			ErrorInfo    string
		}
		if err := json.Unmarshal(w.Body.Bytes(), &v4); err != nil || w.Code != http.StatusOK || v4.ActionStatus != "FAIL" || v4.ErrorCode == nil || *v4.ErrorCode == 0 {
			t.Fatalf("HTTP %d %q is not a REST API refusal", w.Code, w.Body)
		}
		if n := len(v4.ErrorInfo); n > 4<<10+3 {
			t.Fatalf("an ErrorInfo of %d bytes", n)
		}

		recs := srv.Requests()
		if len(recs) != 2 {
			t.Fatalf("%d requests recorded, want 2", len(recs))
		}
		q, _ := url.ParseQuery(u.URL.RawQuery)
		var others []string // the query's parameters but usersig, which may hold its value too
		for _, p := range strings.Split(u.URL.RawQuery, "&") {
			k, _, _ := strings.Cut(p, "=")
			if name, err := url.QueryUnescape(k); err != nil || name != "usersig" {
				others = append(others, p)
			}
		}
		for _, r := range recs {
			if r.Body != nil {
				t.Fatalf("the body of an unauthenticated request was recorded: %+v", r)
			}
			for _, sig := range q["usersig"] {
				if len(sig) > 8 && strings.Count(r.Path, sig) > strings.Count(u.URL.Path+"?"+strings.Join(others, "&"), sig) {
					t.Fatalf("the usersig %q is recorded in %q", sig, r.Path)
				}
				if len(sig) > 8 && strings.Contains(logs.String(), sig) && !strings.Contains(u.URL.Path+strings.Join(others, "&"), sig) {
					t.Fatalf("the usersig %q is logged: %s", sig, logs.String())
				}
			}
		}
		for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
			if len(line) > 4<<10 {
				t.Fatalf("a log line of %d bytes", len(line))
			}
		}
	})
}
