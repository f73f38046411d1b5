package imtest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// TestBatchRecipientsPerMinute: without the client's limiter, the 24th
// request of 500 recipients in one minute of server time is refused.
func TestBatchRecipientsPerMinute(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	to := numberedIDs("r%03d", restapi.MaxBatchRecipients)
	rc, _ := restClient(t, srv, to, restapi.WithoutRateLimit(), restapi.WithoutRetries())
	ctx := context.Background()
	for i := range restapi.DefaultBatchRecipientsPerMinute / restapi.MaxBatchRecipients {
		srv.Advance(2 * time.Second) // under 200 calls a second; 48 s in all
		_, err := rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{ToAccount: to, MsgBody: []restapi.Element{restapi.Text(fmt.Sprint(i))}})
		require.NoError(t, err, "request %d", i)
	}
	_, err := rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{ToAccount: to[:1], MsgBody: []restapi.Element{restapi.Text("one more")}})
	assert.True(t, restapi.HasCode(err, restapi.CodeRateLimit), "%v", err)
	assert.Contains(t, err.Error(), "12000 recipients a minute")
	srv.Advance(12 * time.Second) // the next minute
	_, err = rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{ToAccount: to[:1], MsgBody: []restapi.Element{restapi.Text("one more")}})
	assert.NoError(t, err)
}

func TestConversationAndSleep(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	rc, id := restClient(t, srv, []string{"bob"})
	assert.Nil(t, srv.Conversation(id, "alice", "bob"), "no messages yet")
	_, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("from the admin")}})
	require.NoError(t, err)
	conv := srv.Conversation(id, "bob", "administrator")
	require.Len(t, conv, 1, "no From_Account: the admin sends")
	assert.Equal(t, "administrator", conv[0].FromAccount)

	before := srv.Now()
	require.NoError(t, srv.Sleep(context.Background(), time.Minute))
	assert.GreaterOrEqual(t, srv.Now().Sub(before), time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, srv.Sleep(ctx, time.Hour), context.Canceled)
	assert.Less(t, srv.Now().Sub(before), time.Hour, "a cancelled Sleep does not move the clock")
}
