package imtest

// An internal test: the deliveries a long-running server (cmd/imref with
// -callback-url) keeps are bounded, as its requests are; filling them
// through HTTP would take 100 000 POSTs.

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/restapi"
)

// TestCallbackDeliveriesAreBounded: past 100 000 deliveries the oldest
// are dropped, down to half, and the newest kept; they grew without end.
func TestCallbackDeliveriesAreBounded(t *testing.T) {
	t.Parallel()
	const bound = 100_000 // CallbackDeliveries' doc
	srv := NewServer(t)
	app, err := srv.SeedApp(AppSeed{})
	require.NoError(t, err)
	require.NoError(t, srv.ImportAccounts(app.SDKAppID, "alice"))
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`))
	}))
	t.Cleanup(recv.Close)
	require.NoError(t, srv.SetCallback(app.SDKAppID, CallbackConfig{URL: recv.URL}))

	srv.mu.Lock()
	for i := range bound {
		srv.callbacks.deliveries = append(srv.callbacks.deliveries, CallbackDelivery{SDKAppID: app.SDKAppID, Command: "old", Attempt: i})
	}
	srv.mu.Unlock()
	require.NoError(t, srv.SetOnline(app.SDKAppID, "alice", "Android", restapi.StatusOnline))

	ds := srv.CallbackDeliveries(app.SDKAppID)
	assert.LessOrEqual(t, len(ds), bound)
	assert.GreaterOrEqual(t, len(ds), bound/2)
	assert.Equal(t, callback.CommandStateChange, ds[len(ds)-1].Command, "the newest is kept")
	assert.Equal(t, bound-len(ds)+1, ds[0].Attempt, "the oldest are dropped")
}
