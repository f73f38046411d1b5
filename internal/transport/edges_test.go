package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBodyOfExactlyMaxBodyIsRead: MaxBody is how much of a body is read,
// and only a body over it is ErrTooLarge, so one of exactly MaxBody bytes
// is the answer, announced with its Content-Length or chunked.
func TestBodyOfExactlyMaxBodyIsRead(t *testing.T) {
	t.Parallel()
	whole := bytes.Repeat([]byte("x"), MaxBody)
	cases := []struct {
		name  string
		write func(http.ResponseWriter)
	}{
		{"with Content-Length", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", strconv.Itoa(MaxBody))
			_, _ = w.Write(whole)
		}},
		{"chunked", func(w http.ResponseWriter) {
			_, _ = w.Write(whole[:1])
			w.(http.Flusher).Flush()
			_, _ = w.Write(whole[1:])
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			addr := serve(t, func(w http.ResponseWriter, _ *http.Request) { tc.write(w) })
			tr := New(Config{RetryMax: 0})
			reply, err := post(t, tr, addr, func(context.Context, Try, *Reply, error) (bool, time.Duration) { return false, 0 })
			require.NoError(t, err)
			assert.Len(t, reply.Body, MaxBody)
		})
	}
}

// TestDecideIsNotCalledOnceTheContextEnded: Decide is not called when ctx
// is done before the answer is read: the call ends with ctx's error, and
// the protocol neither decides nor logs a retry that cannot follow.
func TestDecideIsNotCalledOnceTheContextEnded(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr := serve(t, func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		cancel() // the caller gives up while the server holds the request
		<-r.Context().Done()
	})
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, addr, []byte(`{}`))
	require.NoError(t, err)
	var decided atomic.Int32
	_, err = New(Config{RetryMax: 3, WaitMin: time.Millisecond, WaitMax: time.Millisecond}).Do(req,
		func(context.Context, Try, *Reply, error) (bool, time.Duration) {
			decided.Add(1)
			return true, 0
		})
	require.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, decided.Load(), "no decision once ctx is done")
}

// TestAnsweredThenUnreachableIsNotUnanswered: an attempt that was answered,
// then retries that never connect, reached the server only to be
// answered: the call's error is no *Unanswered, through a client that
// reports httptrace events (whose retry wrote nothing).
func TestAnsweredThenUnreachableIsNotUnanswered(t *testing.T) {
	t.Parallel()
	addr := serve(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
	var dials atomic.Int32
	hc := &http.Client{Transport: &http.Transport{
		DisableKeepAlives: true, // each attempt dials
		DialContext: func(ctx context.Context, network, address string) (net.Conn, error) {
			if dials.Add(1) == 1 {
				return (&net.Dialer{}).DialContext(ctx, network, address)
			}
			return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused")} // the server went away
		},
	}}
	req, err := retryablehttp.NewRequestWithContext(context.Background(), http.MethodPost, addr, []byte(`{}`))
	require.NoError(t, err)
	_, err = New(Config{HTTPClient: hc, RetryMax: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond}).Do(req,
		func(_ context.Context, _ Try, r *Reply, err error) (bool, time.Duration) {
			return err != nil || r.StatusCode == http.StatusServiceUnavailable, 0
		})
	require.Error(t, err)
	assert.True(t, IsDialError(err), "%v", err)
	assert.EqualValues(t, 3, dials.Load())
	_, got := errors.AsType[*Unanswered](err)
	assert.False(t, got, "the one attempt that connected was answered: %v", err)
}

// TestOnlyARetryThatWouldFollowIsCut: Cut is set on the last answer of a
// call the protocol asked to retry when the wait before that retry would
// end after ctx's deadline; when the retries are spent no retry follows,
// so the answer is returned as it is, not Cut. A network error, which has
// no answer to keep, waits as usual and ends with ctx.
func TestOnlyARetryThatWouldFollowIsCut(t *testing.T) {
	t.Parallel()
	answer := func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	}
	lost := func(*http.Request) (*http.Response, error) { return nil, errors.New("connection reset") }
	for _, tc := range []struct {
		name     string
		retryMax int
		send     roundTripFunc
		cut      bool
		err      error // the call's
	}{
		{"a retry would follow", 1, answer, true, nil},
		{"the retries are spent", 0, answer, false, nil},
		{"a network error", 1, lost, false, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, "http://in.process/", []byte(`{}`))
			require.NoError(t, err)
			tr := New(Config{HTTPClient: &http.Client{Transport: tc.send}, RetryMax: tc.retryMax, WaitMin: time.Hour, WaitMax: time.Hour})
			reply, err := tr.Do(req, func(_ context.Context, _ Try, r *Reply, _ error) (bool, time.Duration) {
				if r == nil {
					cancel() // ends the hour's wait before the retry
				}
				return true, 0
			})
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err, "the network error's retry waits, until ctx ends")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.cut, reply.Cut)
		})
	}
}
