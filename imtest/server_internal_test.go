package imtest

import (
	"bytes"
	"errors"
	"log/slog"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// brokenListener stops accepting for good at once, as a listener whose
// socket was closed underneath the server does.
type brokenListener struct{ net.Listener }

func (brokenListener) Accept() (net.Conn, error) { return nil, errors.New("accept: socket gone") }

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
