package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/testkit"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// envOf is an environment holding vars and nothing else.
func envOf(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

// noEnv is an empty environment.
var noEnv = envOf(nil)

// serve runs imref with args in env until stop or the end of the test,
// and returns its URL, its standard output after the "serving on" line,
// and its standard error. stop shuts it down, checks it exited 0 and
// returns the rest of its standard output, lines the test did not scan.
func serve(t *testing.T, args []string, env func(string) string) (url string, stdout *bufio.Scanner, stderr *testkit.SyncBuffer, stop func() []string) {
	t.Helper()
	url, stdout, stderr, stopCode := serveExit(t, args, env)
	stop = func() []string {
		rest, code := stopCode()
		assert.Equal(t, 0, code, stderr.String())
		return rest
	}
	return url, stdout, stderr, stop
}

// serveExit is serve whose stop returns imref's exit code too, for the
// test that expects a shutdown to fail.
func serveExit(t *testing.T, args []string, env func(string) string) (url string, stdout *bufio.Scanner, stderr *testkit.SyncBuffer, stop func() ([]string, int)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	stderr = new(testkit.SyncBuffer)
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), env, outW, stderr)
		outW.Close()
	}()
	stdout = bufio.NewScanner(outR)
	stop = sync.OnceValues(func() ([]string, int) {
		cancel()
		var rest []string
		for stdout.Scan() {
			rest = append(rest, stdout.Text())
		}
		return rest, <-done
	})
	t.Cleanup(func() { stop() })
	require.True(t, stdout.Scan(), stderr.String())
	url, ok := strings.CutPrefix(stdout.Text(), "imref serving on ")
	require.True(t, ok, stdout.Text())
	return url, stdout, stderr, stop
}

func TestServesLogsAndStops(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	url, _, stderr, stop := serve(t, []string{"-secret-id", "AKIDref", "-secret-key", "refkey"}, noEnv)

	console, err := imconsole.New(client.WithEndpoint(url), client.WithCredentials("AKIDref", "refkey"))
	require.NoError(t, err)
	app, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "viaimref", Region: apps.RegionChina})
	require.NoError(t, err)
	_, err = console.Apps.Secret(ctx, app.SDKAppID)
	require.NoError(t, err)

	assert.Equal(t, []string{"imref stopped"}, stop())
	logs := stderr.String()
	assert.Equal(t, 2, strings.Count(logs, "imtest request"), "one line per request")
	assert.Contains(t, logs, "action=RegisterIMApp")
	assert.NotContains(t, logs, "refkey")
	assert.NotContains(t, logs, "viaimref", "bodies are not logged")
	assert.NotContains(t, logs, "warning", "the address is loopback")
}

func TestGeneratesCredentials(t *testing.T) {
	t.Parallel()
	_, stdout, _, _ := serve(t, nil, noEnv)
	env := map[string]string{}
	for range 3 {
		require.True(t, stdout.Scan())
		if k, v, ok := strings.Cut(stdout.Text(), "="); ok {
			env[k] = v
		}
	}
	require.NotEmpty(t, env["TENCENTCLOUD_SECRET_KEY"])
	console, err := imconsole.New(client.WithEndpoint(env["IMCONSOLE_ENDPOINT"]), client.WithCredentials(env["TENCENTCLOUD_SECRET_ID"], env["TENCENTCLOUD_SECRET_KEY"]))
	require.NoError(t, err)
	_, err = console.Apps.List(t.Context(), nil)
	require.NoError(t, err)
}

// TestBadFlags: what is wrong with the command line or the environment
// exits 2 before imref listens, saying what to change; an address it
// cannot listen on exits 1, saying to give a free one.
func TestBadFlags(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = busy.Close() })
	taken := busy.Addr().String()
	for _, tc := range []struct {
		name   string
		args   []string
		env    map[string]string
		code   int
		stderr string
	}{
		{name: "unknown flag", args: []string{"-nope"}, code: 2, stderr: "flag provided but not defined"},
		{name: "argument before flags", args: []string{"extra-arg", "-addr", "127.0.0.1:0"}, code: 2, stderr: `unexpected argument "extra-arg"`},
		{name: "argument after flags", args: []string{"-addr", "127.0.0.1:0", "extra-arg"}, code: 2, stderr: "Usage of imref"},
		{name: "SecretId only", args: []string{"-secret-id", "only"}, code: 2, stderr: "give both"},
		{name: "SecretId only in the environment", env: map[string]string{"TENCENTCLOUD_SECRET_ID": "AKIDonly"}, code: 2, stderr: "TENCENTCLOUD_SECRET_KEY"},
		{name: "SecretKey only in the environment", env: map[string]string{"TENCENTCLOUD_SECRET_KEY": "onlykey"}, code: 2, stderr: "give both"},
		{name: "token without URL", args: []string{"-callback-token", "t"}, code: 2, stderr: "needs -callback-url"},
		{name: "token from the environment without URL", env: map[string]string{"IMREF_CALLBACK_TOKEN": "envtoken"}, code: 2, stderr: "IMREF_CALLBACK_TOKEN"},
		{name: "callback token over 128 bytes", args: []string{"-callback-url", "http://127.0.0.1:9/cb"}, env: map[string]string{"IMREF_CALLBACK_TOKEN": strings.Repeat("t", 129)}, code: 2, stderr: "use 1-128"},
		{name: "ftp callback URL", args: []string{"-callback-url", "ftp://example.com"}, code: 2, stderr: "http:// or https://"},
		{name: "callback URL without host", args: []string{"-callback-url", "http://"}, code: 2, stderr: "name a host"},
		{name: "address without a port", args: []string{"-addr", "127.0.0.1"}, code: 2, stderr: `-addr "127.0.0.1": give host:port`},
		{name: "a key given as the address is not shown", args: []string{"-addr", strings.Repeat("k", 64)}, code: 2, stderr: "-addr (an argument of 64 characters, not shown): give host:port"},
		{name: "negative shutdown timeout", args: []string{"-shutdown-timeout", "-1s"}, code: 2, stderr: "-shutdown-timeout -1s: give a duration of 0 or more"},
		{name: "port out of range", args: []string{"-addr", "127.0.0.1:99999"}, code: 2, stderr: `-addr "127.0.0.1:99999": give host:port`},
		{name: "address taken", args: []string{"-addr", taken}, code: 1, stderr: "give a free host:port, or port 0 to pick one"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// Cancelled: a run that wrongly serves stops at once (exit 0).
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var stdout, stderr strings.Builder
			assert.Equal(t, tc.code, run(ctx, tc.args, envOf(tc.env), &stdout, &stderr))
			assert.Contains(t, stderr.String(), tc.stderr)
			assert.Empty(t, stdout.String(), "nothing served")
			for _, secret := range tc.env {
				assert.NotContains(t, stderr.String(), secret)
			}
		})
	}
}

// TestCredentialsFromEnvironment: without -secret-id and -secret-key the
// default account is TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY;
// a flag wins over its variable. The key is never printed.
func TestCredentialsFromEnvironment(t *testing.T) {
	t.Parallel()
	env := map[string]string{"TENCENTCLOUD_SECRET_ID": "AKIDenv", "TENCENTCLOUD_SECRET_KEY": "envkey"}
	for _, tc := range []struct {
		name     string
		args     []string
		id, key  string
		announce bool
	}{
		{name: "environment", id: "AKIDenv", key: "envkey", announce: true},
		{name: "flags win", args: []string{"-secret-id", "AKIDflag", "-secret-key", "flagkey"}, id: "AKIDflag", key: "flagkey"},
		{name: "SecretId flag, SecretKey environment", args: []string{"-secret-id", "AKIDflag"}, id: "AKIDflag", key: "envkey"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			url, _, stderr, stop := serve(t, tc.args, envOf(env))
			console, err := imconsole.New(client.WithEndpoint(url), client.WithCredentials(tc.id, tc.key))
			require.NoError(t, err)
			_, err = console.Apps.List(t.Context(), nil)
			require.NoError(t, err)
			assert.Equal(t, []string{"imref stopped"}, stop(), "no credentials are generated")
			assert.Equal(t, tc.announce, strings.Contains(stderr.String(), "the default account comes from the environment: SecretId AKIDenv"), stderr.String())
			assert.NotContains(t, stderr.String(), tc.key)
		})
	}
}

// TestWarnsWhenNotLoopback: an address other than loopback serves, with
// a warning on standard error.
func TestWarnsWhenNotLoopback(t *testing.T) {
	t.Parallel()
	for addr, warns := range map[string]bool{
		"127.0.0.1:0": false,
		"localhost:0": false,
		"0.0.0.0:0":   true,
		":0":          true,
	} {
		t.Run(addr, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var stderr strings.Builder
			require.Equal(t, 0, run(ctx, []string{"-addr", addr, "-secret-id", "AKIDref", "-secret-key", "refkey"}, noEnv, io.Discard, &stderr))
			assert.Equal(t, warns, strings.Contains(stderr.String(), "imref: warning: serving on http://"), stderr.String())
			if warns {
				assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line")
			}
		})
	}
}

// appWithAliceAndBob registers an app on the imref at url (default
// account AKIDref/refkey) and imports alice and bob through the REST API;
// it returns the app's SDKAppID, its key and an administrator's client.
func appWithAliceAndBob(t *testing.T, url string) (sdkAppID uint64, key string, rc *restapi.Client) {
	t.Helper()
	ctx := t.Context()
	console, err := imconsole.New(client.WithEndpoint(url), client.WithCredentials("AKIDref", "refkey"))
	require.NoError(t, err)
	app, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "alicebob", Region: apps.RegionChina})
	require.NoError(t, err)
	secret, err := console.Apps.Secret(ctx, app.SDKAppID)
	require.NoError(t, err)
	signer, err := usersig.NewHMACSigner(app.SDKAppID, secret.Key)
	require.NoError(t, err)
	rc, err = restapi.New(app.SDKAppID, "administrator", signer, restapi.WithBaseURL(url))
	require.NoError(t, err)
	_, err = rc.Accounts.ImportMany(ctx, []restapi.Account{{UserID: "alice"}, {UserID: "bob"}})
	require.NoError(t, err)
	return app.SDKAppID, secret.Key, rc
}

// TestCallbackFlags: with -callback-url and a callback token, from
// -callback-token or IMREF_CALLBACK_TOKEN (the flag winning), a REST call
// on any app reaches the handler there, signed with that token.
func TestCallbackFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
	}{
		{name: "flag", args: []string{"-callback-token", "reftoken"}},
		{name: "environment", env: map[string]string{"IMREF_CALLBACK_TOKEN": "reftoken"}},
		{name: "flag wins", args: []string{"-callback-token", "reftoken"}, env: map[string]string{"IMREF_CALLBACK_TOKEN": "othertoken"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			// got receives each FriendAdd, and nil for each refused callback.
			got := make(chan *callback.FriendAdd, 8)
			var appID atomic.Uint64
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				var e *callback.FriendAdd
				h, err := callback.NewHandler(appID.Load(), "reftoken", callback.OnFriendAdd(func(_ context.Context, fa *callback.FriendAdd) { e = fa }))
				if err != nil {
					http.Error(w, err.Error(), http.StatusInternalServerError)
					return
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				maps.Copy(w.Header(), rec.Header())
				w.WriteHeader(rec.Code)
				_, _ = w.Write(rec.Body.Bytes())
				if rec.Code != http.StatusOK || e != nil {
					got <- e
				}
			}))
			t.Cleanup(hs.Close)
			url, _, _, _ := serve(t, append([]string{"-secret-id", "AKIDref", "-secret-key", "refkey", "-callback-url", hs.URL}, tc.args...), envOf(tc.env))

			sdkAppID, _, rc := appWithAliceAndBob(t, url)
			appID.Store(sdkAppID)
			_, err := rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", AddType: restapi.AddSingle, ForceAddFlags: 1, AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Test"}}})
			require.NoError(t, err)
			e := <-got
			require.NotNil(t, e, "the callback was refused: not signed with the token")
			assert.Equal(t, []callback.FriendPair{{FromAccount: "alice", ToAccount: "bob", InitiatorAccount: "alice"}}, e.PairList)
		})
	}
}

// TestHelpExitsZero: -h, -help and --help print the usage, every flag
// with the variable that stands in for it, and exit 0, as
// cmd/usersig and Go's own flag handling do: asking for help is not a
// bad flag. Nothing is served.
func TestHelpExitsZero(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"-h", "-help", "--help"} {
		t.Run(arg, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			cancel() // a run that wrongly serves stops at once
			var stdout, stderr strings.Builder
			assert.Equal(t, 0, run(ctx, []string{arg}, noEnv, &stdout, &stderr))
			for _, flag := range []string{"-addr", "-secret-id", "-secret-key", "-callback-url", "-callback-token", "$TENCENTCLOUD_SECRET_ID", "$TENCENTCLOUD_SECRET_KEY", "$IMREF_CALLBACK_TOKEN"} {
				assert.Contains(t, stderr.String(), flag, "every flag README documents, and its variable")
			}
			assert.Empty(t, stdout.String(), "nothing served")
		})
	}
}

// TestBadCallbackURLHidesItsPassword: a refused -callback-url is quoted
// without the password of its user info, which the error would otherwise
// print to standard error (and so to CI logs).
func TestBadCallbackURLHidesItsPassword(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		"ftp://ops:hunter2@example.com/cb",
		"http://ops:hunter2@",
		"http://ops:hunter2@exa mple.com/cb", // does not parse
	} {
		t.Run(raw, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var stdout, stderr strings.Builder
			assert.Equal(t, 2, run(ctx, []string{"-callback-url", raw}, noEnv, &stdout, &stderr))
			assert.Contains(t, stderr.String(), "http:// or https://", "says what to give")
			assert.NotContains(t, stderr.String(), "hunter2")
		})
	}
}

// TestBadFlagSyntaxHidesItsValue: a flag the flag package cannot read
// (three dashes, no name) is reported without its value, which may be the
// SecretKey or the callback token given on the command line, and says
// how to write a flag.
func TestBadFlagSyntaxHidesItsValue(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"---secret-key=hunter2", "-=hunter2", "--=hunter2", "---callback-token=hunter2"} {
		t.Run(arg, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var stdout, stderr strings.Builder
			assert.Equal(t, 2, run(ctx, []string{"-secret-id", "AKIDref", arg}, noEnv, &stdout, &stderr))
			assert.Contains(t, stderr.String(), "bad flag syntax")
			assert.Contains(t, stderr.String(), "-name=value", "says how to write a flag")
			assert.Contains(t, stderr.String(), "Usage of imref")
			assert.NotContains(t, stderr.String(), "hunter2")
			assert.Empty(t, stdout.String(), "nothing served")
		})
	}
}

// TestStrayArgumentHidesASecret: an argument imref does not take is
// quoted only when it looks like a mistyped word; a SecretKey or callback
// token left without its flag (or after a flag whose value was empty, as
// an unset shell variable leaves it) is not echoed to standard error.
func TestStrayArgumentHidesASecret(t *testing.T) {
	t.Parallel()
	const key, token = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cb-Token-0123456789"
	for _, tc := range []struct {
		name, secret string
		args         []string
	}{
		{"a SecretKey without -secret-key", key, []string{"-secret-id", "AKIDref", key}},
		{"a token after an empty -callback-url", token, []string{"-callback-url", "-callback-token", token}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var stdout, stderr strings.Builder
			assert.Equal(t, 2, run(ctx, tc.args, noEnv, &stdout, &stderr))
			assert.Contains(t, stderr.String(), fmt.Sprintf("unexpected argument (an argument of %d characters, not shown)", len(tc.secret)))
			assert.NotContains(t, stderr.String(), tc.secret)
			assert.Empty(t, stdout.String(), "nothing served")
		})
	}
}

// TestShutdownFinishesRequestsInFlight: on SIGINT or SIGTERM (ctx ends)
// imref stops listening, lets a request it is reading finish, callback
// included, and then exits 0. The callback is POSTed to -callback-url
// with Sign = hex(sha256(Token + RequestTime)) (im-facts-rest.md A1,
// "Callback auth (Sign)"). Its standard error shows no secret: not the
// SecretKey, the app key, the UserSig, the token or the Sign.
func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	t.Parallel()
	const token = "shutdowntoken"
	// signs receives the CallbackCommand and Sign of each callback, and
	// whether its Sign is the token's for its RequestTime.
	type delivery struct {
		command, sign string
		signed        bool
	}
	got := make(chan delivery, 8)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		sum := sha256.Sum256([]byte(token + q.Get("RequestTime")))
		got <- delivery{command: q.Get("CallbackCommand"), sign: q.Get("Sign"), signed: q.Get("Sign") == hex.EncodeToString(sum[:])}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
	}))
	t.Cleanup(hs.Close)
	url, _, stderr, stop := serve(t, []string{"-secret-id", "AKIDref", "-secret-key", "refkey", "-callback-url", hs.URL}, envOf(map[string]string{"IMREF_CALLBACK_TOKEN": token}))

	sdkAppID, appKey, _ := appWithAliceAndBob(t, url)
	signer, err := usersig.NewHMACSigner(sdkAppID, appKey)
	require.NoError(t, err)
	sig, err := signer.Sign("administrator", time.Hour)
	require.NoError(t, err)

	// A friend_add whose body imref waits for: with Expect: 100-continue,
	// the 100 Continue says its handler is reading the body.
	addr := strings.TrimPrefix(url, "http://")
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	body := `{"From_Account":"alice","AddFriendItem":[{"To_Account":"bob","AddSource":"AddSource_Type_Test"}],"AddType":"Add_Type_Single","ForceAddFlags":1}`
	_, err = fmt.Fprintf(conn, "POST /v4/sns/friend_add?sdkappid=%d&identifier=administrator&usersig=%s&random=7&contenttype=json HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", sdkAppID, sig, addr, len(body))
	require.NoError(t, err)
	br := bufio.NewReader(conn)
	cont, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusContinue, cont.StatusCode)

	stopped := make(chan []string, 1)
	go func() { stopped <- stop() }()
	require.Eventually(t, func() bool { // imref stopped listening
		c, err := net.Dial("tcp", addr)
		if err == nil {
			_ = c.Close()
		}
		return err != nil
	}, 10*time.Second, time.Millisecond)
	select {
	case rest := <-stopped:
		t.Fatalf("imref stopped with a request in flight: %q", rest)
	default:
	}

	_, err = io.WriteString(conn, body)
	require.NoError(t, err)
	resp, err := http.ReadResponse(br, nil)
	require.NoError(t, err, "the request in flight is answered")
	answer, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(answer), `"ErrorCode":0`)
	assert.Equal(t, []string{"imref stopped"}, <-stopped)

	d := <-got
	assert.Equal(t, "Sns.CallbackFriendAdd", d.command)
	assert.True(t, d.signed, "Sign %q is not hex(sha256(token + RequestTime))", d.sign)
	logs := stderr.String()
	assert.Contains(t, logs, "action=sns/friend_add", "the request in flight is logged")
	for _, secret := range []string{"refkey", appKey, sig, token, d.sign} {
		assert.NotContains(t, logs, secret)
	}
}

// TestShutdownCutsOffWhatOverruns: a request still in flight when
// -shutdown-timeout ends is cut off, and imref exits 1 (the package doc:
// 0 only after a clean shutdown), saying what to give.
func TestShutdownCutsOffWhatOverruns(t *testing.T) {
	t.Parallel()
	url, _, stderr, stop := serveExit(t, []string{"-secret-id", "AKIDref", "-secret-key", "refkey", "-shutdown-timeout", "1ms"}, noEnv)
	// A request whose body never comes: with Expect: 100-continue, the
	// 100 Continue says its handler is reading it.
	addr := strings.TrimPrefix(url, "http://")
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	_, err = fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n", addr)
	require.NoError(t, err)
	br := bufio.NewReader(conn)
	cont, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusContinue, cont.StatusCode)

	rest, code := stop()
	assert.Equal(t, 1, code)
	assert.Empty(t, rest, "no \"imref stopped\" after an unclean shutdown")
	assert.Contains(t, stderr.String(), "requests still in flight after 1ms were cut off; give -shutdown-timeout more")
	_, err = br.ReadByte()
	assert.Error(t, err, "the connection is closed")
}

// TestListenFailureHidesALongAddress: an -addr that parses as host:port
// but cannot be listened on (a key pasted into the zone of an IPv6
// address) is not echoed, neither in imref's own words nor in the
// listener's error, which quotes the address.
func TestListenFailureHidesALongAddress(t *testing.T) {
	t.Parallel()
	key := strings.Repeat("k", 64)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr strings.Builder
	assert.Equal(t, 1, run(ctx, []string{"-addr", "[fe80::1%" + key + "]:0"}, noEnv, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "imref: listening on (an argument of ")
	assert.Contains(t, stderr.String(), "the address")
	assert.NotContains(t, stderr.String(), key[:16])
	assert.Empty(t, stdout.String())
}
