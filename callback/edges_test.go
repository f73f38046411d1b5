package callback_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/restapi"
)

// Edge tests: each holds a documented rule no other test held (a mutation
// survey found them), with expectations from im-facts-rest.md §A and the package documentation.

// TestBodyLimitWithoutContentLength: WithMaxBodyBytes, "a larger one
// is refused with 413", also for a body sent without a Content-Length;
// one of the limit's size is accepted.
func TestBodyLimitWithoutContentLength(t *testing.T) {
	t.Parallel()
	body, err := callback.Encode(c2c(appID))
	require.NoError(t, err)
	limit := int64(len(body))
	cases := []struct {
		name    string
		body    []byte // a valid event (JSON whitespace pads it)
		length  bool   // with a Content-Length
		status  int
		calledN int32
	}{
		{"at the limit, no Content-Length", body, false, http.StatusOK, 1},
		{"one byte over, no Content-Length", append(bytes.Clone(body), ' '), false, http.StatusRequestEntityTooLarge, 0},
		{"at the limit, with Content-Length", body, true, http.StatusOK, 1},
		{"one byte over, with Content-Length", append(bytes.Clone(body), ' '), true, http.StatusRequestEntityTooLarge, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var called int32
			h := newHandler(t, callback.WithMaxBodyBytes(limit), callback.OnC2CBeforeSendMsg(func(context.Context, *callback.C2CBeforeSendMsg) callback.Decision {
				called++
				return callback.Allow()
			}))
			r := request(t, token, now, c2c(appID))
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(c.body)), -1
			if c.length {
				r.ContentLength = int64(len(c.body))
			}
			status, a := serve(t, h, r)
			assert.Equal(t, c.status, status)
			assert.Equal(t, c.calledN, called)
			if c.status != http.StatusOK {
				assert.Equal(t, "FAIL", a.ActionStatus)
			}
		})
	}
}

// TestTimeoutDecisionCannotRewrite: WithTimeoutDecision "fails for a
// decision that replaces MsgBody or CloudCustomData"; Allow, Refuse, Drop
// and Reject are taken.
func TestTimeoutDecisionCannotRewrite(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		d    callback.Decision
		ok   bool
	}{
		{"Allow", callback.Allow(), true},
		{"Refuse", callback.Refuse("late"), true},
		{"Drop", callback.Drop(), true},
		{"Reject", callback.Reject(callback.MinC2CCode, "late"), true},
		{"replaces CloudCustomData", callback.Allow().WithCloudCustomData("x"), false},
		{"replaces an empty CloudCustomData", callback.Allow().WithCloudCustomData(""), false},
		{"replaces MsgBody", callback.Allow().WithMsgBody(restapi.Text("x")), false},
		{"replaces both", callback.Allow().WithMsgBody(restapi.Text("x")).WithCloudCustomData("y"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := callback.NewHandler(appID, token, callback.WithTimeoutDecision(c.d))
			if c.ok {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), "WithTimeoutDecision")
		})
	}
}

// TestAfterEventTimeoutIsOK: the timeout decision is "the answer to
// a before-event whose func is still running at the deadline"
// (WithTimeoutDecision); an after-event's answer is 0 (Handler;
// im-facts-rest.md §A1: IM ignores it, 1 means the app failed), also when
// its func passes the deadline. A before-event still gets the timeout
// decision.
func TestAfterEventTimeoutIsOK(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		e    callback.Event
		want answer
	}{
		{"after-event", &callback.FriendAdd{Meta: callback.Meta{SDKAppID: appID}}, answer{ActionStatus: "OK"}},
		{"before-event", c2c(appID), answer{ActionStatus: "OK", ErrorCode: callback.CodeRefuse, ErrorInfo: "late"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := newHandler(t, callback.WithDeadline(time.Millisecond), callback.WithTimeoutDecision(callback.Refuse("late")),
				callback.OnFriendAdd(func(ctx context.Context, _ *callback.FriendAdd) { <-ctx.Done() }),
				callback.OnC2CBeforeSendMsg(func(ctx context.Context, _ *callback.C2CBeforeSendMsg) callback.Decision {
					<-ctx.Done()
					return callback.Allow()
				}))
			status, a := serve(t, h, request(t, token, now, c.e))
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, c.want, a)
		})
	}
}

// TestFallbackDecisionAnsweredAsIs: WithFallback, "its Decision is
// answered as it is" (for a command that is not a before-event), its
// ErrorInfo included.
func TestFallbackDecisionAnsweredAsIs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		d    callback.Decision
		want answer
	}{
		{"Allow", callback.Allow(), answer{ActionStatus: "OK"}},
		{"code 0 with an ErrorInfo", callback.Decision{Info: "seen"}, answer{ActionStatus: "OK", ErrorInfo: "seen"}},
		{"code 1", callback.Refuse("no"), answer{ActionStatus: "OK", ErrorCode: 1, ErrorInfo: "no"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := newHandler(t, callback.WithFallback(func(context.Context, *callback.RawEvent) callback.Decision { return c.d }))
			raw := &callback.RawEvent{Meta: callback.Meta{SDKAppID: appID, Command: "Sns.CallbackPrevFriendAdd"}, Body: []byte(`{"CallbackCommand":"Sns.CallbackPrevFriendAdd"}`)}
			status, a := serve(t, h, request(t, token, now, raw))
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, c.want, a)
		})
	}
}

// TestSignComparedInFull: im-facts-rest.md §A1, Sign is
// hex(sha256(Token + RequestTime)), lower-case hex. A Sign that differs
// from it in any one character, or is a prefix or an extension of it, is
// refused (401).
func TestSignComparedInFull(t *testing.T) {
	t.Parallel()
	rt := strconv.FormatInt(now.Unix(), 10)
	sum := sha256.Sum256([]byte(token + rt))
	good := hex.EncodeToString(sum[:])
	flip := func(i int) string {
		b := []byte(good)
		b[i] = "10"[b[i]&1] // another hex digit: '0' for an odd byte, '1' for an even one
		return string(b)
	}
	cases := []struct {
		name   string
		sign   string
		status int
	}{
		{"the documented Sign", good, http.StatusOK},
		{"first character changed", flip(0), http.StatusUnauthorized},
		{"character 31 changed", flip(31), http.StatusUnauthorized},
		{"character 32 changed", flip(32), http.StatusUnauthorized},
		{"last character changed", flip(63), http.StatusUnauthorized},
		{"the first half", good[:32], http.StatusUnauthorized},
		{"one character short", good[:63], http.StatusUnauthorized},
		{"one character more", good + "0", http.StatusUnauthorized},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := request(t, "", now, c2c(appID))
			r.URL.RawQuery += "&Sign=" + c.sign + "&RequestTime=" + rt
			status, a := serve(t, newHandler(t), r)
			assert.Equal(t, c.status, status)
			if c.status != http.StatusOK {
				assert.Equal(t, "FAIL", a.ActionStatus)
			}
		})
	}
}

// TestCustomCodeRanges: im-facts-rest.md §A2, the custom codes that
// reach the sender are [120001, 130000] for C2C.CallbackBeforeSendMsg and
// [10100, 10200] for the group before-callbacks, bounds included. Check
// says so, and a Handler answers a code in range as it is and refuses the
// event (ErrorCode 1) for one outside.
func TestCustomCodeRanges(t *testing.T) {
	t.Parallel()
	c2cCmd, groupMsg, groupCreate := callback.CommandC2CBeforeSendMsg, callback.CommandGroupBeforeSendMsg, callback.CommandGroupBeforeCreate
	cases := []struct {
		command string
		code    int
		valid   bool
	}{
		{c2cCmd, 120000, false}, {c2cCmd, 120001, true}, {c2cCmd, 130000, true}, {c2cCmd, 130001, false},
		{c2cCmd, 10100, false},
		{groupMsg, 10099, false}, {groupMsg, 10100, true}, {groupMsg, 10200, true}, {groupMsg, 10201, false},
		{groupMsg, 120001, false},
		{groupCreate, 10099, false}, {groupCreate, 10100, true}, {groupCreate, 10200, true}, {groupCreate, 10201, false},
	}
	events := map[string]callback.Event{
		c2cCmd:      c2c(appID),
		groupMsg:    &callback.GroupBeforeSendMsg{Meta: callback.Meta{SDKAppID: appID}},
		groupCreate: &callback.GroupBeforeCreate{Meta: callback.Meta{SDKAppID: appID}, Type: restapi.GroupPublic, Name: "g"},
	}
	for _, c := range cases {
		t.Run(c.command+"/"+strconv.Itoa(c.code), func(t *testing.T) {
			t.Parallel()
			d := callback.Reject(c.code, "why")
			if c.valid {
				require.NoError(t, d.Check(c.command))
			} else {
				require.Error(t, d.Check(c.command))
			}
			h := newHandler(t, callback.WithFallback(func(context.Context, *callback.RawEvent) callback.Decision { return d }))
			status, a := serve(t, h, request(t, token, now, events[c.command]))
			assert.Equal(t, http.StatusOK, status)
			want := answer{ActionStatus: "OK", ErrorCode: c.code, ErrorInfo: "why"}
			if !c.valid {
				want = answer{ActionStatus: "OK", ErrorCode: callback.CodeRefuse, ErrorInfo: "the callback handler failed"}
			}
			assert.Equal(t, want, a)
		})
	}
}
