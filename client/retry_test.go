package client_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/imconsole/imconsole/client"
)

// TestGatewayAnswersRetriedByAction: docs/protocol.md's retry rules for an
// answer without an error envelope (a gateway's): "its 429 is retried,
// its 5xx but 501 as a network error is", and a network error is retried
// "for reads (actions named Describe*, Get*, List*) and for writes that
// carry a ClientToken". A List action is a read; a write sent with Call
// and no ClientToken is retried after a 429 only.
func TestGatewayAnswersRetriedByAction(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		action   string
		status   int
		requests int32
	}{
		{"a List action after a 502", "ListWidgets", http.StatusBadGateway, 2},
		{"a Get action after a 502", "GetWidgets", http.StatusBadGateway, 2},
		{"a write without ClientToken after a 502", "ModifyWidgets", http.StatusBadGateway, 1},
		{"a write without ClientToken after a 429", "ModifyWidgets", http.StatusTooManyRequests, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if n.Add(1) == 1 {
					w.WriteHeader(tc.status) // no envelope: a gateway's answer
					return
				}
				_, _ = w.Write([]byte(`{"Response":{"RequestId":"r-2"}}`))
			}))
			t.Cleanup(srv.Close)
			c, err := client.New(client.WithCredentials("AKIDretry", "retry-key"), client.WithEndpoint(srv.URL),
				client.WithRetry(2, time.Millisecond, time.Millisecond))
			assert.NoError(t, err)
			err = c.Call(t.Context(), tc.action, map[string]any{"SdkAppId": 1400000001}, nil)
			assert.Equal(t, tc.requests, n.Load(), "requests sent")
			assert.Equal(t, tc.requests == 2, err == nil, "%v", err)
		})
	}
}
