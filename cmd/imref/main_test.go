package main

import (
	"bufio"
	"context"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
)

// syncBuffer is a strings.Builder safe for the server's logging goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServesLogsAndStops(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	var stderr syncBuffer
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
	for _, args := range [][]string{{"-nope"}, {"-secret-id", "only"}} {
		assert.Equal(t, 2, run(context.Background(), args, io.Discard, io.Discard), args)
	}
	assert.Equal(t, 1, run(context.Background(), []string{"-addr", "256.0.0.1:99999"}, io.Discard, io.Discard))
}
