package imtest

import (
	"bytes"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// brokenListener stops accepting for good at once, as a listener whose
// socket was closed underneath the server does.
type brokenListener struct{ net.Listener }

func (brokenListener) Accept() (net.Conn, error) { return nil, errors.New("accept: socket gone") }

// signalListener closes accepting when Serve first accepts on it.
type signalListener struct {
	net.Listener
	once      sync.Once
	accepting chan struct{}
}

func (l *signalListener) Accept() (net.Conn, error) {
	l.once.Do(func() { close(l.accepting) })
	return l.Listener.Accept()
}

// TestServeLogsAListenerThatStopped: a started server whose listener
// fails for good answers nothing more, and says so through its logger
// instead of going silent; Close after that is logged as nothing.
func TestServeLogsAListenerThatStopped(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	s, err := New(WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	require.NoError(t, err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	s.serve(s.newHTTPServer(), brokenListener{l})
	assert.Contains(t, logs.String(), "level=ERROR")
	assert.Contains(t, logs.String(), "imtest stopped serving")
	assert.Contains(t, logs.String(), "accept: socket gone")

	logs.Reset()
	closed := s.newHTTPServer()
	require.NoError(t, closed.Close())
	s.serve(closed, l)
	assert.Empty(t, logs.String())
}

// TestServeOnAListenerOfTheCallers: Serve answers on the caller's
// listener until Close (http.ErrServerClosed), returns a listener's
// failure, and refuses a server already serving.
func TestServeOnAListenerOfTheCallers(t *testing.T) {
	t.Parallel()
	s, err := New()
	require.NoError(t, err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	sl := &signalListener{Listener: l, accepting: make(chan struct{})}
	served := make(chan error, 1)
	go func() { served <- s.Serve(sl) }()
	<-sl.accepting // Serve took the listener
	assert.Equal(t, "http://"+l.Addr().String(), s.URL())
	_, err = s.Console().Apps.List(t.Context(), nil)
	require.NoError(t, err, "the server answers on the caller's listener")
	assert.ErrorContains(t, s.Start("127.0.0.1:0"), "already serving")
	assert.ErrorContains(t, s.Serve(l), "already serving")
	s.Close()
	assert.ErrorIs(t, <-served, http.ErrServerClosed)

	broken, err := New()
	require.NoError(t, err)
	assert.ErrorContains(t, broken.Serve(brokenListener{l}), "accept: socket gone")
}
