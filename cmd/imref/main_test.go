package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

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

func TestServesLogsAndStops(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	var stderr testkit.SyncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-secret-id", "AKIDref", "-secret-key", "refkey"}, outW, &stderr)
		outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	require.True(t, lines.Scan())
	url, ok := strings.CutPrefix(lines.Text(), "imref serving on ")
	require.True(t, ok, lines.Text())

	console, err := imconsole.New(client.WithEndpoint(url), client.WithCredentials("AKIDref", "refkey"))
	require.NoError(t, err)
	app, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "viaimref", Region: apps.RegionChina})
	require.NoError(t, err)
	_, err = console.Apps.Secret(ctx, app.SDKAppID)
	require.NoError(t, err)

	cancel()
	require.True(t, lines.Scan())
	assert.Equal(t, "imref stopped", lines.Text())
	assert.Equal(t, 0, <-done)
	logs := stderr.String()
	assert.Equal(t, 2, strings.Count(logs, "imtest request"), "one line per request")
	assert.Contains(t, logs, "action=RegisterIMApp")
	assert.NotContains(t, logs, "refkey")
	assert.NotContains(t, logs, "viaimref", "bodies are not logged")
}

func TestGeneratesCredentials(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, outW, io.Discard)
		outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	env := map[string]string{}
	for range 4 {
		require.True(t, lines.Scan())
		if k, v, ok := strings.Cut(lines.Text(), "="); ok {
			env[k] = v
		}
	}
	require.NotEmpty(t, env["TENCENTCLOUD_SECRET_KEY"])
	console, err := imconsole.New(client.WithEndpoint(env["IMCONSOLE_ENDPOINT"]), client.WithCredentials(env["TENCENTCLOUD_SECRET_ID"], env["TENCENTCLOUD_SECRET_KEY"]))
	require.NoError(t, err)
	_, err = console.Apps.List(ctx, nil)
	require.NoError(t, err)
	cancel()
	go io.Copy(io.Discard, outR)
	assert.Equal(t, 0, <-done)
}

func TestBadFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-nope"}, {"-secret-id", "only"}, {"-callback-token", "t"}} {
		assert.Equal(t, 2, run(context.Background(), args, io.Discard, io.Discard), args)
	}
	assert.Equal(t, 1, run(context.Background(), []string{"-addr", "256.0.0.1:99999"}, io.Discard, io.Discard))
	assert.Equal(t, 1, run(context.Background(), []string{"-addr", "127.0.0.1:0", "-callback-url", "ftp://example.com"}, io.Discard, io.Discard))
}

// TestCallbackFlags: with -callback-url and -callback-token, a REST call
// on any app reaches the handler there, signed.
func TestCallbackFlags(t *testing.T) {
	t.Parallel()
	got := make(chan *callback.FriendAdd, 1)
	var appID atomic.Uint64
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, err := callback.NewHandler(appID.Load(), "reftoken", callback.OnFriendAdd(func(_ context.Context, e *callback.FriendAdd) { got <- e }))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-secret-id", "AKIDref", "-secret-key", "refkey", "-callback-url", hs.URL, "-callback-token", "reftoken"}, outW, io.Discard)
		outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	require.True(t, lines.Scan())
	url, _ := strings.CutPrefix(lines.Text(), "imref serving on ")
	go io.Copy(io.Discard, outR)

	console, err := imconsole.New(client.WithEndpoint(url), client.WithCredentials("AKIDref", "refkey"))
	require.NoError(t, err)
	app, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "callbacks", Region: apps.RegionChina})
	require.NoError(t, err)
	appID.Store(app.SDKAppID)
	secret, err := console.Apps.Secret(ctx, app.SDKAppID)
	require.NoError(t, err)
	signer, err := usersig.NewHMACSigner(app.SDKAppID, secret.Key)
	require.NoError(t, err)
	rc, err := restapi.New(app.SDKAppID, "administrator", signer, restapi.WithBaseURL(url))
	require.NoError(t, err)
	_, err = rc.Accounts.ImportMany(ctx, []restapi.Account{{UserID: "alice"}, {UserID: "bob"}})
	require.NoError(t, err)
	_, err = rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", AddType: restapi.AddSingle, ForceAddFlags: 1, AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Test"}}})
	require.NoError(t, err)
	e := <-got
	assert.Equal(t, []callback.FriendPair{{FromAccount: "alice", ToAccount: "bob", InitiatorAccount: "alice"}}, e.PairList)
	cancel()
	assert.Equal(t, 0, <-done)
}
