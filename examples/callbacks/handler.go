package main

import (
	"context"
	"log"
	"strings"
	"time"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/restapi"
)

// newHandler is the part a backend keeps in production: the app's
// callback handler, refusing one-to-one messages that mention spam,
// masking "darn" and logging each message sent. now is the handler's
// clock (time.Now in production; the reference server's here, so a test
// that advances it still passes the RequestTime check).
func newHandler(sdkAppID uint64, token string, now func() time.Time, lg *log.Logger) (*callback.Handler, error) {
	return callback.NewHandler(sdkAppID, token,
		callback.WithClock(now),
		callback.OnC2CBeforeSendMsg(func(ctx context.Context, e *callback.C2CBeforeSendMsg) callback.Decision {
			text := textOf(e.MsgBody)
			switch {
			case strings.Contains(text, "spam"):
				return callback.Refuse("spam is not sent") // the sender's sendmsg fails with 20006
			case strings.Contains(text, "darn"):
				return callback.Allow().WithMsgBody(restapi.Text(strings.ReplaceAll(text, "darn", "****")))
			}
			return callback.Allow()
		}),
		callback.OnC2CAfterSendMsg(func(ctx context.Context, e *callback.C2CAfterSendMsg) {
			lg.Printf("  callback: %s -> %s sent %q", e.FromAccount, e.ToAccount, textOf(e.MsgBody))
		}),
	)
}

// textOf joins the text elements of a message body.
func textOf(body []restapi.Element) string {
	var b strings.Builder
	for _, e := range body {
		if t, ok := e.MsgContent.(*restapi.TextElem); ok {
			b.WriteString(t.Text)
		}
	}
	return b.String()
}
