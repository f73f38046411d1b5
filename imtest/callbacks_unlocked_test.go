package imtest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// gate is an app's callback server that holds each before-callback of
// the command hold until the test releases it, so a test changes the
// state while the server, its lock released, waits for the answer.
type gate struct {
	arrived chan struct{}
	release chan struct{}
}

func newGate(t *testing.T, srv *imtest.Server, app uint64, hold string) *gate {
	t.Helper()
	g := &gate{arrived: make(chan struct{}, 8), release: make(chan struct{})}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.URL.Query().Get("CallbackCommand") == hold {
			g.arrived <- struct{}{}
			select {
			case <-g.release:
			case <-r.Context().Done():
				return
			}
		}
		_, _ = io.WriteString(w, `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}`)
	}))
	t.Cleanup(hs.Close)
	require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{URL: hs.URL}))
	return g
}

// held waits until a held callback has arrived.
func (g *gate) held(t *testing.T) {
	t.Helper()
	select {
	case <-g.arrived:
	case <-time.After(5 * time.Second):
		t.Fatal("no callback arrived")
	}
}

// twice sends the same message twice, the second while the first's
// callback is held (each is past its first dedup lookup), then answers
// both, and requires both to succeed.
func (g *gate) twice(t *testing.T, send func(i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	var errs [2]error
	for i := range 2 {
		wg.Go(func() { errs[i] = send(i) })
		g.held(t)
	}
	g.release <- struct{}{}
	g.release <- struct{}{}
	wg.Wait()
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
}

// async runs f in a goroutine and returns its error on a channel.
func async(f func() error) <-chan error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	return done
}

// TestCallbackMeanwhile: a before-callback runs with the server's lock
// released, so the state it decided on may change before its answer is
// applied. What the state decides is checked again then: a repeat sent
// meanwhile is answered with the first answer and stores nothing (both
// dedup windows), an app deleted meanwhile answers 70020, a sender or
// owner deleted meanwhile is refused, and the message keeps the time the
// request came in, which its before-callback carried (with its MsgKey).
func TestCallbackMeanwhile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	hi := []restapi.Element{restapi.Text("hi")}
	setUp := func(t *testing.T) (*imtest.Server, *restapi.Client, uint64) {
		srv := fixedServer(t)
		rc, app := restClient(t, srv, []string{"bob"}, restapi.WithoutRetries(), restapi.WithoutRateLimit())
		return srv, rc, app
	}
	t.Run("a repeated group message", func(t *testing.T) {
		t.Parallel()
		srv, rc, app := setUp(t)
		gid, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g"})
		require.NoError(t, err)
		g := newGate(t, srv, app, callback.CommandGroupBeforeSendMsg)
		var resps [2]*restapi.SendGroupMsgResponse
		g.twice(t, func(i int) (err error) {
			resps[i], err = rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: gid, FromAccount: "alice", Random: 42, MsgBody: hi})
			return err
		})
		assert.Equal(t, resps[0].MsgSeq, resps[1].MsgSeq, "the repeat gets the first answer")
		assert.Len(t, srv.GroupMessages(app, gid), 1, "and stores nothing")
	})
	t.Run("a repeated one-to-one message", func(t *testing.T) {
		t.Parallel()
		srv, rc, app := setUp(t)
		g := newGate(t, srv, app, callback.CommandC2CBeforeSendMsg)
		var resps [2]*restapi.SendMsgResponse
		g.twice(t, func(i int) (err error) {
			resps[i], err = rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 7, MsgBody: hi})
			return err
		})
		assert.Equal(t, resps[0].MsgKey, resps[1].MsgKey, "the repeat gets the first answer")
		assert.Len(t, srv.Conversation(app, "alice", "bob"), 1, "and stores nothing")
	})
	t.Run("the app deleted", func(t *testing.T) {
		t.Parallel()
		srv := fixedServer(t)
		seeded, err := srv.SeedApp(imtest.AppSeed{}) // a Trial app, which its owner may disable and delete
		require.NoError(t, err)
		app := seeded.SDKAppID
		require.NoError(t, srv.ImportAccounts(app, "alice", "bob"))
		rc := adminClient(t, srv, app, signerOf(t, srv, app), restapi.WithoutRetries(), restapi.WithoutRateLimit())
		g := newGate(t, srv, app, callback.CommandC2CBeforeSendMsg)
		done := async(func() error {
			_, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 7, MsgBody: hi})
			return err
		})
		g.held(t)
		console := srv.Console()
		require.NoError(t, console.Apps.Disable(ctx, app))
		require.NoError(t, console.Apps.Delete(ctx, app))
		g.release <- struct{}{}
		err = <-done
		assert.True(t, restapi.HasCode(err, restapi.CodeAppNotFound), "%v", err)
	})
	t.Run("the group message's sender deleted", func(t *testing.T) {
		t.Parallel()
		srv, rc, app := setUp(t)
		gid, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
		require.NoError(t, err)
		g := newGate(t, srv, app, callback.CommandGroupBeforeSendMsg)
		done := async(func() error {
			_, err := rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: gid, FromAccount: "bob", Random: 1, MsgBody: hi})
			return err
		})
		g.held(t)
		_, err = rc.Accounts.Delete(ctx, "bob") // which takes bob out of the group
		require.NoError(t, err)
		g.release <- struct{}{}
		err = <-done
		assert.True(t, restapi.HasCode(err, restapi.CodeGroupNoPermission), "no longer a member: %v", err)
		assert.Empty(t, srv.GroupMessages(app, gid))
	})
	t.Run("the new group's owner deleted", func(t *testing.T) {
		t.Parallel()
		srv, rc, app := setUp(t)
		g := newGate(t, srv, app, callback.CommandGroupBeforeCreate)
		done := async(func() error {
			_, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "bob", Type: restapi.GroupPublic, Name: "g"})
			return err
		})
		g.held(t)
		_, err := rc.Accounts.Delete(ctx, "bob")
		require.NoError(t, err)
		g.release <- struct{}{}
		err = <-done
		assert.True(t, restapi.HasCode(err, restapi.CodeGroupAccountMissing), "%v", err)
		assert.Empty(t, srv.GroupIDs(app))
	})
	t.Run("the clock moved", func(t *testing.T) {
		t.Parallel()
		srv, rc, app := setUp(t)
		g := newGate(t, srv, app, callback.CommandC2CBeforeSendMsg)
		done := async(func() error {
			_, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: hi})
			return err
		})
		g.held(t)
		srv.Advance(time.Hour)
		g.release <- struct{}{}
		require.NoError(t, <-done)
		msgs := srv.Conversation(app, "alice", "bob")
		require.Len(t, msgs, 1)
		assert.Equal(t, srv.Now().Add(-time.Hour).Unix(), msgs[0].MsgTimeStamp, "stored at the time the request came in, not an hour later")
	})
}
