package restapi_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/restapi"
)

// TestFailedConnectionsRetriedForWrites: "failed connections, which were
// certainly not applied" are retried for every command (restapi's retry
// policy, Client.Call), a write that is otherwise sent once included: a
// sendmsg whose first connection fails is sent on the second, once.
func TestFailedConnectionsRetriedForWrites(t *testing.T) {
	t.Parallel()
	f := newUnlimitedFixture(t, apps.EditionPro, "alice", "bob")
	var dials atomic.Int32
	var d net.Dialer
	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused")}
		}
		return d.DialContext(ctx, network, addr)
	}}}
	rc := f.client(t, restapi.WithHTTPClient(hc))
	_, err := rc.Messages.Send(t.Context(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: hello("hi")})
	require.NoError(t, err)
	assert.EqualValues(t, 2, dials.Load(), "dialled again after the failed connection")
	assert.Len(t, f.srv.RequestsFor("openim/sendmsg"), 1, "the write reached the server once")
}
