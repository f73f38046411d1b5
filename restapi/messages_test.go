package restapi_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

func textOf(m restapi.Message) string {
	if len(m.MsgBody) == 0 {
		return ""
	}
	if t, ok := m.MsgBody[0].MsgContent.(*restapi.TextElem); ok {
		return t.Text
	}
	return ""
}

func TestMessagesSendHistoryWithdraw(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionTrial)
	ctx := t.Context()
	push := &restapi.OfflinePushInfo{Title: "Alice", Desc: "new message", ApnsInfo: &restapi.APNsPushInfo{Sound: "ding.caf"}, AndroidInfo: &restapi.AndroidPushInfo{HuaWeiImportance: "NORMAL"}}
	resp, err := f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{
		FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi bob"), restapi.Custom(`{"k":1}`, "card", "")},
		CloudCustomData: "cc", OfflinePushInfo: push,
	})
	require.NoError(t, err)
	assert.Equal(t, f.srv.Now().Unix(), resp.MsgTime)
	assert.True(t, restapi.ValidMsgKey(resp.MsgKey), resp.MsgKey)

	for _, viewer := range []string{"alice", "bob"} {
		peer := map[string]string{"alice": "bob", "bob": "alice"}[viewer]
		msgs := collect(t, f.rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: viewer, PeerAccount: peer}))
		require.Len(t, msgs, 1, viewer)
		m := msgs[0]
		assert.Equal(t, "alice", m.FromAccount)
		assert.Equal(t, "bob", m.ToAccount)
		assert.Equal(t, resp.MsgKey, m.MsgKey)
		assert.Equal(t, "hi bob", textOf(m))
		assert.Equal(t, &restapi.CustomElem{Data: `{"k":1}`, Desc: "card"}, m.MsgBody[1].MsgContent)
		assert.Equal(t, "cc", m.CloudCustomData)
	}
	conv := f.srv.Conversation(f.id, "bob", "alice")
	require.Len(t, conv, 1)
	assert.Zero(t, conv[0].MsgFlagBits)

	require.NoError(t, f.rc.Messages.Withdraw(ctx, "alice", "bob", resp.MsgKey))
	conv = f.srv.Conversation(f.id, "alice", "bob")
	assert.Equal(t, restapi.MsgFlagRecalled, conv[0].MsgFlagBits)
	assert.Empty(t, conv[0].MsgBody)
	msgs := collect(t, f.rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: "bob", PeerAccount: "alice"}))
	assert.Equal(t, restapi.MsgFlagRecalled, msgs[0].MsgFlagBits)

	err = f.rc.Messages.Withdraw(ctx, "alice", "bob", resp.MsgKey)
	assert.True(t, restapi.HasCode(err, restapi.CodeMsgAlreadyRecalled), "%v", err)
	err = f.rc.Messages.Withdraw(ctx, "bob", "alice", resp.MsgKey)
	assert.True(t, restapi.HasCode(err, restapi.CodeMsgNotFound), "only the sender's message is recalled: %v", err)

	var sent map[string]any
	for _, r := range f.srv.RequestsFor("openim/sendmsg") { // recorded requests show the command
		require.NoError(t, json.Unmarshal(r.Body, &sent))
	}
	require.NotNil(t, sent, "the send is recorded as openim/sendmsg")
	assert.NotZero(t, sent["MsgRandom"], "MsgRandom is generated")
	assert.Equal(t, map[string]any{"Sound": "ding.caf"}, sent["OfflinePushInfo"].(map[string]any)["ApnsInfo"])
}

// TestMessagesWithdrawLostAnswer: admin_msgwithdraw is sent once, as
// Withdraw's doc says; when its answer is lost the recall was applied,
// and History shows the message recalled (MsgFlagRecalled), so the
// caller checks there instead of calling again for a 20023.
func TestMessagesWithdrawLostAnswer(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionTrial)
	ctx := t.Context()
	const withdraw = "openim/admin_msgwithdraw"
	sent, err := f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("oops")}})
	require.NoError(t, err)
	f.srv.Inject(imtest.Fault{Action: withdraw, LoseResponse: true})
	require.Error(t, f.rc.Messages.Withdraw(ctx, "alice", "bob", sent.MsgKey))
	assert.Len(t, f.srv.RequestsFor(withdraw), 1, "not resent")
	msgs := collect(t, f.rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: "alice", PeerAccount: "bob"}))
	require.Len(t, msgs, 1)
	assert.Equal(t, restapi.MsgFlagRecalled, msgs[0].MsgFlagBits, "the lost attempt recalled it")
}

// TestMessagesClientTime: History's messages carry MsgClientTime (facts
// B5, doocs), the sender's time: a send's MsgTimeStamp (facts B2), the
// server's time when the send gives none, an import's MsgTimeStamp
// (docs/protocol.md, one-to-one messages).
func TestMessagesClientTime(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionTrial)
	ctx := t.Context()
	now := f.srv.Now().Unix()
	send := func(text string, clientTime int64) {
		_, err := f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgTimeStamp: clientTime, MsgBody: []restapi.Element{restapi.Text(text)}})
		require.NoError(t, err)
	}
	send("with MsgTimeStamp", now-5)
	send("without", 0)
	require.NoError(t, f.rc.Messages.Import(ctx, &restapi.ImportMsgRequest{SyncFromOldSystem: restapi.ImportHistory, FromAccount: "alice", ToAccount: "bob", MsgTimeStamp: now - 60, MsgBody: []restapi.Element{restapi.Text("imported")}}))

	got := map[string][2]int64{} // text: MsgTimeStamp, MsgClientTime
	for _, m := range collect(t, f.rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: "bob", PeerAccount: "alice"})) {
		got[textOf(m)] = [2]int64{m.MsgTimeStamp, m.MsgClientTime}
	}
	assert.Equal(t, map[string][2]int64{"with MsgTimeStamp": {now, now - 5}, "without": {now, now}, "imported": {now - 60, now - 60}}, got)
}

// TestMessagesVIVOClassification: both of vivo's classifications reach
// the wire, 0 (operations) as well as 1 (system) (facts B1:
// VIVOClassification 0 ops/1 system); nil leaves the field out.
func TestMessagesVIVOClassification(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		class *int
		wire  any // the field as sent; nil: absent
	}{
		{"unset", nil, nil},
		{"operations", new(restapi.VIVOOperations), 0.0},
		{"system", new(restapi.VIVOSystem), 1.0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newMsgFixture(t, apps.EditionTrial)
			_, err := f.rc.Messages.Send(t.Context(), &restapi.SendMsgRequest{
				ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi")},
				OfflinePushInfo: &restapi.OfflinePushInfo{AndroidInfo: &restapi.AndroidPushInfo{VIVOClassification: tc.class, VIVOCategory: "IM"}},
			})
			require.NoError(t, err)
			reqs := f.srv.Requests()
			var sent struct {
				OfflinePushInfo struct{ AndroidInfo map[string]any }
			}
			require.NoError(t, json.Unmarshal(reqs[len(reqs)-1].Body, &sent))
			got, ok := sent.OfflinePushInfo.AndroidInfo["VIVOClassification"]
			assert.Equal(t, tc.wire != nil, ok, "VIVOClassification sent")
			assert.Equal(t, tc.wire, got)
		})
	}
}

func TestMessagesSendOptions(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionTrial)
	ctx := t.Context()
	zero := 0
	cases := []struct {
		name           string
		req            restapi.SendMsgRequest
		aliceSees, bob bool
	}{
		{"default: both sides", restapi.SendMsgRequest{}, true, true},
		{"SyncOtherMachine 1: both sides", restapi.SendMsgRequest{SyncOtherMachine: restapi.SyncToSender}, true, true},
		{"SyncOtherMachine 2: not in the sender's roaming", restapi.SendMsgRequest{SyncOtherMachine: restapi.SyncNotToSender}, false, true},
		{"OnlineOnlyFlag: not stored", restapi.SendMsgRequest{OnlineOnlyFlag: 1}, false, false},
		{"MsgLifeTime 0: online only", restapi.SendMsgRequest{MsgLifeTime: &zero}, false, false},
	}
	for i, c := range cases {
		req := c.req
		req.FromAccount, req.ToAccount = "alice", "bob"
		req.MsgBody = []restapi.Element{restapi.Text(c.name)}
		req.MsgRandom = uint32(i + 1)
		_, err := f.rc.Messages.Send(ctx, &req)
		require.NoError(t, err, c.name)
	}
	texts := func(viewer, peer string) map[string]bool {
		out := map[string]bool{}
		for _, m := range collect(t, f.rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: viewer, PeerAccount: peer})) {
			out[textOf(m)] = true
		}
		return out
	}
	alice, bob := texts("alice", "bob"), texts("bob", "alice")
	for _, c := range cases {
		assert.Equal(t, c.aliceSees, alice[c.name], "alice: %s", c.name)
		assert.Equal(t, c.bob, bob[c.name], "bob: %s", c.name)
	}
}

func TestMessagesDedup(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionTrial)
	ctx := t.Context()
	req := &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 42, MsgSeq: 7, MsgBody: []restapi.Element{restapi.Text("once")}}
	first, err := f.rc.Messages.Send(ctx, req)
	require.NoError(t, err)
	f.srv.Advance(119 * time.Second)
	again, err := f.rc.Messages.Send(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, first, again, "a repeat within 120 s answers the first send")
	other := *req
	other.MsgBody = []restapi.Element{restapi.Text("other content")}
	_, err = f.rc.Messages.Send(ctx, &other)
	require.NoError(t, err)
	assert.Len(t, f.srv.Conversation(f.id, "alice", "bob"), 2, "other content is another message")
	f.srv.Advance(2 * time.Second)
	_, err = f.rc.Messages.Send(ctx, req)
	require.NoError(t, err)
	assert.Len(t, f.srv.Conversation(f.id, "alice", "bob"), 3, "after 120 s the same message is sent again")
}

func TestMessagesErrors(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionTrial)
	ctx := t.Context()
	text := []restapi.Element{restapi.Text("hi")}
	week := restapi.MaxMsgLifeTime + 1
	send := func(r restapi.SendMsgRequest) func() error {
		return func() error { _, err := f.rc.Messages.Send(ctx, &r); return err }
	}
	imp := func(r restapi.ImportMsgRequest) func() error {
		return func() error { return f.rc.Messages.Import(ctx, &r) }
	}
	hist := func(r restapi.GetRoamMsgRequest) func() error {
		return func() error { return firstErr(f.rc.Messages.History(ctx, r)) }
	}
	big := []restapi.Element{restapi.Text(strings.Repeat("x", restapi.MaxMsgBodyBytes))}
	runCodeCases(t, nil, []codeCase{
		{"send: recipient not imported", send(restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "ghost", MsgBody: text}), restapi.CodeToAccountNotImported},
		{"send: sender not imported", send(restapi.SendMsgRequest{FromAccount: "ghost", ToAccount: "bob", MsgBody: text}), restapi.CodeMsgSenderNotImported},
		{"send: body over 8 KB", send(restapi.SendMsgRequest{ToAccount: "bob", MsgBody: big}), restapi.CodeMsgBodyTooLong},
		{"send: empty body (local)", send(restapi.SendMsgRequest{ToAccount: "bob"}), restapi.CodeMsgBodyInvalid},
		{"send: two custom elements (local)", send(restapi.SendMsgRequest{ToAccount: "bob", MsgBody: []restapi.Element{restapi.Custom("a", "", ""), restapi.Custom("b", "", "")}}), restapi.CodeMsgBodyInvalid},
		{"send: no recipient (local)", send(restapi.SendMsgRequest{MsgBody: text}), restapi.CodeToAccountInvalid},
		{"send: MsgLifeTime over 7 days (local)", send(restapi.SendMsgRequest{ToAccount: "bob", MsgBody: text, MsgLifeTime: &week}), restapi.CodeMsgLifeTimeTooLong},
		{"send: SyncOtherMachine 3 (local)", send(restapi.SendMsgRequest{ToAccount: "bob", MsgBody: text, SyncOtherMachine: 3}), restapi.CodeSyncOtherMachineInvalid},
		{"import: SyncFromOldSystem 3 (local)", imp(restapi.ImportMsgRequest{SyncFromOldSystem: 3, FromAccount: "alice", ToAccount: "bob", MsgTimeStamp: 1, MsgBody: text}), restapi.CodeSyncFromOldSystemInvalid},
		{"import: the older SyncFromOldSystem 1 is not sent (local)", imp(restapi.ImportMsgRequest{SyncFromOldSystem: 1, FromAccount: "alice", ToAccount: "bob", MsgTimeStamp: 1, MsgBody: text}), restapi.CodeSyncFromOldSystemInvalid},
		{"import: no MsgTimeStamp (local)", imp(restapi.ImportMsgRequest{SyncFromOldSystem: restapi.ImportHistory, FromAccount: "alice", ToAccount: "bob", MsgBody: text}), restapi.CodeMsgTimeStampInvalid},
		{"import: sender not imported", imp(restapi.ImportMsgRequest{SyncFromOldSystem: restapi.ImportHistory, FromAccount: "ghost", ToAccount: "bob", MsgTimeStamp: 1, MsgBody: text}), restapi.CodeAccountMissing},
		{"import: recipient not imported", imp(restapi.ImportMsgRequest{SyncFromOldSystem: restapi.ImportHistory, FromAccount: "alice", ToAccount: "ghost", MsgTimeStamp: 1, MsgBody: text}), restapi.CodeToAccountNotImported},
		{"import: body over 8 KB", imp(restapi.ImportMsgRequest{SyncFromOldSystem: restapi.ImportHistory, FromAccount: "alice", ToAccount: "bob", MsgTimeStamp: 1, MsgBody: big}), restapi.CodeImportTooLong},
		{"history: operator not imported", hist(restapi.GetRoamMsgRequest{OperatorAccount: "ghost", PeerAccount: "bob"}), restapi.CodeFromAccountInvalid},
		{"history: peer not imported", hist(restapi.GetRoamMsgRequest{OperatorAccount: "alice", PeerAccount: "ghost"}), restapi.CodeToAccountInvalid},
		{"history: MinTime after MaxTime (local)", hist(restapi.GetRoamMsgRequest{OperatorAccount: "alice", PeerAccount: "bob", MinTime: 10, MaxTime: 5}), restapi.CodeOpenIMInvalidJSON},
		{"withdraw: no such message", func() error { return f.rc.Messages.Withdraw(ctx, "alice", "bob", "1_2_3") }, restapi.CodeMsgNotFound},
		{"withdraw: malformed MsgKey (local)", func() error { return f.rc.Messages.Withdraw(ctx, "alice", "bob", "not-a-key") }, restapi.CodeMsgKeyInvalid},
		{"withdraw: sender not imported", func() error { return f.rc.Messages.Withdraw(ctx, "ghost", "bob", "1_2_3") }, restapi.CodeFromAccountInvalid},
		{"batch: no recipients (local)", func() error {
			_, err := f.rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{MsgBody: text})
			return err
		}, restapi.CodeToAccountInvalid},
	})
}

func TestMessagesNotImportedFamily(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionTrial)
	_, err := f.rc.Messages.Send(t.Context(), &restapi.SendMsgRequest{ToAccount: "ghost", MsgBody: []restapi.Element{restapi.Text("hi")}})
	assert.ErrorIs(t, err, restapi.ErrAccountNotImported)
	assert.Contains(t, err.Error(), "import the recipient first")
}

func TestMessagesSendBatch(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionPro)
	ctx := t.Context()
	to := ids("r", 1100)
	require.NoError(t, f.srv.ImportAccounts(f.id, to[:1099]...)) // the last one is not imported
	res, err := f.rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{FromAccount: "alice", ToAccount: to, MsgBody: []restapi.Element{restapi.Text("news")}})
	require.NoError(t, err)
	assert.Len(t, res.MsgKeys, 3, "1 100 recipients are three requests")
	// batchsendmsg answers MsgKey and MsgId (facts B3); each request's MsgId
	// is the one its messages are stored with.
	require.Len(t, res.MsgIDs, 3, "one MsgId per request, as MsgKeys")
	for i, id := range res.MsgIDs {
		assert.NotEmpty(t, id, "request %d", i)
	}
	assert.Equal(t, []restapi.RecipientError{{ToAccount: "r1099", ErrorCode: restapi.CodeNotImported}}, res.ErrorList)
	for _, r := range []string{"r0000", "r0500", "r1098"} {
		assert.Len(t, f.srv.Conversation(f.id, "alice", r), 1, r)
	}
	assert.Empty(t, f.srv.Conversation(f.id, "alice", "r1099"))

	// 501 recipients in one request are refused by the service too.
	err = f.rc.Call(ctx, restapi.ServiceOpenIM, restapi.CommandBatchSendMsg, &restapi.BatchSendMsgRequest{ToAccount: to[:501], MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("x")}}, nil)
	assert.True(t, restapi.HasCode(err, restapi.CodeTooManyRecipients), "%v", err)
}

// TestMessagesMigration imports 300 historical messages, imports them
// again (nothing changes), and walks History page by page.
func TestMessagesMigration(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionTrial)
	ctx := t.Context()
	base := f.srv.Now().Add(-24 * time.Hour).Unix()
	imp := func() {
		for i := range 300 {
			from, to := "alice", "bob"
			if i%3 == 0 {
				from, to = to, from
			}
			require.NoError(t, f.rc.Messages.Import(ctx, &restapi.ImportMsgRequest{
				SyncFromOldSystem: restapi.ImportHistory, FromAccount: from, ToAccount: to,
				MsgSeq: uint32(i + 1), MsgRandom: uint32(1000 + i), MsgTimeStamp: base + int64(i),
				MsgBody: []restapi.Element{restapi.Text(fmt.Sprintf("old %03d", i))},
			}))
		}
	}
	imp()
	before := f.srv.Conversation(f.id, "alice", "bob")
	require.Len(t, before, 300)
	imp()
	assert.Equal(t, before, f.srv.Conversation(f.id, "alice", "bob"), "re-importing changes nothing")

	// Page by page by hand, as History does.
	req := restapi.GetRoamMsgRequest{OperatorAccount: "alice", PeerAccount: "bob", MaxCnt: 40, MaxTime: f.srv.Now().Unix()}
	var got []string
	pages := 0
	for {
		var page restapi.GetRoamMsgResponse
		require.NoError(t, f.rc.Call(ctx, restapi.ServiceOpenIM, restapi.CommandGetRoamMsg, &req, &page))
		pages++
		assert.Equal(t, len(page.MsgList), page.MsgCnt)
		for _, m := range page.MsgList {
			got = append(got, textOf(m))
		}
		if page.Complete == 1 {
			break
		}
		req.MaxTime, req.LastMsgKey = page.LastMsgTime, page.LastMsgKey
	}
	assert.Equal(t, 8, pages, "300 messages, 40 a page")
	require.Len(t, got, 300)
	for i, s := range got {
		require.Equal(t, fmt.Sprintf("old %03d", 299-i), s, "newest first, none missing or repeated")
	}
	all := collect(t, f.rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: "bob", PeerAccount: "alice", MaxCnt: 100}))
	require.Len(t, all, 300)
	assert.Equal(t, "old 299", textOf(all[0]))
	assert.Equal(t, "old 000", textOf(all[299]))
}

func TestMessagesHistoryPageBytes(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionTrial)
	ctx := t.Context()
	for i := range 5 {
		_, err := f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text(strings.Repeat("y", 4000) + fmt.Sprint(i))}})
		require.NoError(t, err)
	}
	var page restapi.GetRoamMsgResponse
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceOpenIM, restapi.CommandGetRoamMsg,
		&restapi.GetRoamMsgRequest{OperatorAccount: "alice", PeerAccount: "bob", MaxCnt: 100, MaxTime: f.srv.Now().Unix()}, &page))
	assert.Equal(t, 3, page.MsgCnt, "a page holds at most 13 KB")
	assert.Zero(t, page.Complete)
	assert.Len(t, collect(t, f.rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: "alice", PeerAccount: "bob"})), 5)
}

// TestMessagesTrialDailyLimit: a free app (Trial, or a TRTC trial, which
// is an IM trial app) sends 1 000 messages a UTC day.
func TestMessagesTrialDailyLimit(t *testing.T) {
	t.Parallel()
	for _, edition := range []apps.Edition{apps.EditionTrial, apps.EditionTRTCTrial} {
		t.Run(string(edition), func(t *testing.T) {
			t.Parallel()
			testTrialDailyLimit(t, edition)
		})
	}
}

func testTrialDailyLimit(t *testing.T, edition apps.Edition) {
	f := newMsgFixture(t, edition, restapi.WithoutRetries())
	ctx := t.Context()
	for i := range restapi.MaxTrialMessagesPerDay {
		_, err := f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{ToAccount: "bob", MsgRandom: uint32(i + 1), MsgBody: []restapi.Element{restapi.Text("n")}})
		require.NoError(t, err, "message %d", i)
	}
	_, err := f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("one more")}})
	assert.True(t, restapi.HasCode(err, restapi.CodeRateLimit), "%v", err)
	assert.Contains(t, err.Error(), "1000 messages a day")
	f.srv.Advance(24 * time.Hour)
	_, err = f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("next day")}})
	assert.NoError(t, err)
}

// TestMessagesBulk sends through one client, with imtest's rate limits
// on, 7 messages to 2 000 recipients each (14 000 recipients: more than
// batchsendmsg's 12 000 a minute) and 450 single messages (more than 200
// a second) at once. The client's limiter waits on the server's clock
// (WithRateLimitWait(srv.Sleep)), so nothing is refused and every
// recipient holds each message once.
func TestMessagesBulk(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionPro)
	ctx := t.Context()
	to := f.importIDs(t, "r", 2000)
	start := f.srv.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for b := range 7 {
		wg.Go(func() {
			res, err := f.rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{FromAccount: "alice", ToAccount: to, MsgBody: []restapi.Element{restapi.Text(fmt.Sprintf("batch %d", b))}})
			if err == nil && len(res.ErrorList) > 0 {
				err = fmt.Errorf("batch %d: %v", b, res.ErrorList)
			}
			errs <- err
		})
	}
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < 450; i += 4 {
				if _, err := f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "bob", ToAccount: to[i], MsgBody: []restapi.Element{restapi.Text(fmt.Sprintf("single %d", i))}}); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	for _, r := range f.srv.Requests() {
		require.Empty(t, r.Code, "%s answered %s: the limiter must keep every call under the limits", r.Action, r.Code)
	}
	assert.GreaterOrEqual(t, f.srv.Now().Sub(start), time.Minute, "14 000 recipients need more than a minute of server time")
	for i, r := range to {
		conv := f.srv.Conversation(f.id, "alice", r)
		seen := map[string]int{}
		for _, m := range conv {
			seen[textOf(m)]++
		}
		for b := range 7 {
			require.Equal(t, 1, seen[fmt.Sprintf("batch %d", b)], "%s holds batch %d once", r, b)
		}
		if i < 450 {
			require.Len(t, f.srv.Conversation(f.id, "bob", r), 1, r)
		}
	}
}

// TestWithdrawRoamingPeriodBoundary: admin_msgwithdraw recalls a message
// up to and including the 7-day roaming period's last second (a message
// exactly 168h old is still in it) and answers 20022 for one a second
// older, even one recalled already: outside the period the message is not
// found, so that check comes before the already-recalled one (20023). The
// conformance case "admin_msgwithdraw of a message older than the 7-day
// roaming period" holds the far side (168h1s) against the raw handler.
func TestWithdrawRoamingPeriodBoundary(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newMsgFixture(t, apps.EditionPro)
	send := func() string {
		sent, err := f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi")}})
		require.NoError(t, err)
		return sent.MsgKey
	}
	recalled, kept := send(), send()

	f.srv.Advance(7 * 24 * time.Hour) // exactly the roaming period: still in it
	require.NoError(t, f.rc.Messages.Withdraw(ctx, "alice", "bob", recalled), "a message exactly 7 days old is recalled")

	f.srv.Advance(time.Second)
	err := f.rc.Messages.Withdraw(ctx, "alice", "bob", kept)
	assert.True(t, restapi.HasCode(err, restapi.CodeMsgNotFound), "a second past the period: %v", err)
	err = f.rc.Messages.Withdraw(ctx, "alice", "bob", recalled)
	assert.True(t, restapi.HasCode(err, restapi.CodeMsgNotFound), "recalled, then out of the period, is not found (not 20023): %v", err)
}
