package imtest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
	"strconv"
	"time"

	"github.com/imconsole/imconsole/restapi"
)

// roamingPeriod is how far back admin_getroammsg reaches (Tencent's
// default roaming storage).
const roamingPeriod = 7 * 24 * time.Hour

// secondsPerDay is the length of a UTC day, the period of a trial app's
// daily message counts.
const secondsPerDay = 24 * 60 * 60

// v4Messages is an app's one-to-one messages: conversations, the sendmsg
// dedup window, the trial app's daily count and batchsendmsg's recipients
// per minute. Maps are made on first use.
type v4Messages struct {
	convs      map[[2]string]*v4Conversation    // by the two UserIDs, sorted
	dedup      repeats[restapi.SendMsgResponse] // sendmsg/batchsendmsg repeats, by dedupKey
	today      v4Window                         // a trial app's sendmsg messages, per UTC day
	recipients v4Window                         // batchsendmsg recipients, per minute
	groupConvs map[string]map[string]uint64     // by UserID, then GroupID: the MsgSeq up to which recentcontact delete took the group's conversation off the list (v4_conversations.go)
}

// v4Conversation is the messages between two accounts, oldest first
// (by MsgTimeStamp, then MsgSeq, then arrival).
type v4Conversation struct {
	msgs     []*v4Message
	imported map[[3]int64]bool // importmsg dedup: MsgSeq, MsgRandom, MsgTimeStamp
	nextSeq  uint32
	added    uint64            // messages ever added, each's serial
	deleted  map[string]uint64 // by UserID: added when recentcontact delete took it off the account's list (v4_conversations.go)
}

// v4Message is one stored message.
type v4Message struct {
	msg        restapi.Message
	hiddenFrom string          // the account whose roaming does not hold it (SyncOtherMachine 2)
	read       bool            // not in msg.ToAccount's unread count: read (admin_set_msg_read), or never counted (NoUnread, a history import)
	serial     uint64          // its place in the order messages were added to the conversation
	deletedFor map[string]bool // the accounts that deleted it one way (delete_c2c_msg_ramble, recentcontact delete with ClearRamble 1)
}

// visibleTo reports whether account's roaming holds m.
func (m *v4Message) visibleTo(account string) bool {
	return m.hiddenFrom != account && !m.deletedFor[account]
}

// conv returns the conversation between a and b, made on first use.
func (m *v4Messages) conv(a, b string) *v4Conversation {
	if m.convs == nil {
		m.convs = map[[2]string]*v4Conversation{}
	}
	k := convKey(a, b)
	c := m.convs[k]
	if c == nil {
		c = &v4Conversation{imported: map[[3]int64]bool{}}
		m.convs[k] = c
	}
	return c
}

func convKey(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// add stores msg in time order.
func (c *v4Conversation) add(msg *v4Message) {
	c.added++
	msg.serial = c.added
	i, _ := slices.BinarySearchFunc(c.msgs, msg, func(e, t *v4Message) int {
		if e.msg.MsgTimeStamp != t.msg.MsgTimeStamp {
			return cmpInt(e.msg.MsgTimeStamp, t.msg.MsgTimeStamp)
		}
		if e.msg.MsgSeq != t.msg.MsgSeq {
			return cmpInt(int64(e.msg.MsgSeq), int64(t.msg.MsgSeq))
		}
		return -1 // after the equal ones: arrival order
	})
	c.msgs = slices.Insert(c.msgs, i, msg)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// openimBody is an openim request body checked field by field before it
// is decoded, so each malformed field answers its own code.
type openimBody map[string]json.RawMessage

// decodeOpenIM decodes an openim body into v: 90001 when it is not a JSON
// object or does not fit v; a field's own code when it is missing
// (required) or not of its type, in the order of fields; 90010 when
// MsgBody's elements are not Tencent's element format. A key naming a
// field in another case is skipped first, as in v4Decode.
func decodeOpenIM(c *v4Call, v any, fields []openimField) (openimBody, error) {
	c.body = exactNames(c.body, v)
	var raw openimBody
	if err := json.Unmarshal(c.body, &raw); err != nil {
		return nil, v4BadJSON(c, err)
	}
	for _, f := range fields {
		val, ok := raw[f.name]
		if !ok {
			if f.required {
				return nil, v4Err(f.code, "%s is required", f.name)
			}
			continue
		}
		if err := f.check(val); err != nil {
			return nil, v4Err(f.code, "%s: %v", f.name, err)
		}
	}
	if body, ok := raw["MsgBody"]; ok {
		var elems []restapi.Element
		if err := json.Unmarshal(body, &elems); err != nil {
			return nil, v4Err(restapi.CodeMsgElementInvalid, "MsgBody does not follow Tencent's message format (TIMMsgElement): %v", err)
		}
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		return nil, v4BadJSON(c, err)
	}
	return raw, validated(validate(v, c.now))
}

// openimField is one field decodeOpenIM checks.
type openimField struct {
	name     string
	code     int
	required bool
	check    func(json.RawMessage) error
}

// decodesAs checks that a field decodes as a T, answering that it must
// be what.
func decodesAs[T any](v json.RawMessage, what string) error {
	var x T
	if json.Unmarshal(v, &x) != nil {
		return errors.New("must be " + what)
	}
	return nil
}

func isUint32(v json.RawMessage) error { return decodesAs[uint32](v, "an unsigned 32-bit integer") }

func isInt(v json.RawMessage) error { return decodesAs[int64](v, "an integer") }

func isString(v json.RawMessage) error { return decodesAs[string](v, "a string UserID") }

func isStrings(v json.RawMessage) error { return decodesAs[[]string](v, "an array of string UserIDs") }

// isBody checks MsgBody is an array (its elements are checked when decoded).
func isBody(v json.RawMessage) error {
	return decodesAs[[]json.RawMessage](v, "an array of message elements")
}

// knownTypes are the MsgTypes the server stores.
var knownTypes = []string{
	restapi.MsgTypeText, restapi.MsgTypeLocation, restapi.MsgTypeFace, restapi.MsgTypeCustom,
	restapi.MsgTypeSound, restapi.MsgTypeImage, restapi.MsgTypeFile, restapi.MsgTypeVideo, restapi.MsgTypeRelay,
}

// checkTypes answers code for an element whose MsgType is not one of
// Tencent's.
func checkTypes(body []restapi.Element, code int) error {
	for i, e := range body {
		if !slices.Contains(knownTypes, e.MsgType) {
			return v4Err(code, "MsgBody[%d].MsgType %q is not a message element type (TIMTextElem, TIMCustomElem, ...)", i, e.MsgType)
		}
	}
	return nil
}

// checkSizes answers tooLong for a MsgBody, or a CloudCustomData (the
// server's bound: Tencent's pages give none of its own), whose JSON is over
// limit bytes; what names the message ("a message", "a group message").
func checkSizes(body, custom json.RawMessage, limit, tooLong int, what string) error {
	if n := len(body); n > limit {
		return v4Err(tooLong, "MsgBody is %d bytes; %s is at most %d bytes", n, what, limit)
	}
	if n := len(custom); n > limit {
		return v4Err(tooLong, "CloudCustomData is %d bytes; %s carries at most %d bytes of it", n, what, limit)
	}
	return nil
}

// decodeMessage is how sendmsg, batchsendmsg and importmsg read their
// body: decodeOpenIM into req with fields, then checkTypes (90010) on the
// MsgBody decoded into *body (a field of req) and checkSizes, answering
// tooLong for a body over restapi.MaxMsgBodyBytes.
func decodeMessage(c *v4Call, req any, body *[]restapi.Element, fields []openimField, tooLong int) (openimBody, error) {
	raw, err := decodeOpenIM(c, req, fields)
	if err != nil {
		return nil, err
	}
	if err := checkTypes(*body, restapi.CodeMsgElementInvalid); err != nil {
		return nil, err
	}
	// Tencent's error table answers 90026 for "offline time >7 d" (its field
	// text says such a message is kept 7 days); the server refuses it.
	if life, ok := raw["MsgLifeTime"]; ok {
		if n, err := strconv.ParseInt(string(life), 10, 64); err == nil && n > restapi.MaxMsgLifeTime {
			return nil, v4Err(restapi.CodeMsgLifeTimeTooLong, "MsgLifeTime %d is over %d seconds (7 days), the longest offline storage", n, restapi.MaxMsgLifeTime)
		}
	}
	return raw, checkSizes(raw["MsgBody"], raw["CloudCustomData"], restapi.MaxMsgBodyBytes, tooLong, "a message")
}

// sendFields are the integer and account fields sendmsg checks first.
var sendFields = []openimField{
	{"MsgBody", restapi.CodeMsgBodyNotArray, false, isBody}, // missing: Validate answers 90002
	{"MsgRandom", restapi.CodeMsgRandomInvalid, true, isUint32},
	{"MsgSeq", restapi.CodeOpenIMInvalidJSON, false, isUint32},
	{"MsgLifeTime", restapi.CodeMsgLifeTimeInvalid, false, isInt},
	{"SyncOtherMachine", restapi.CodeSyncOtherMachineInvalid, false, isInt},
	{"From_Account", restapi.CodeFromAccountInvalid, false, isString},
}

// v4SendMsg sends one message: checks (decodeOpenIM, Validate, 8,000 bytes),
// the sender (20003) and recipient (90012) imported, a repeat within
// 120 s answered with the first answer, a trial app's 1 000 messages a
// day, then the message is stored unless it is online-only. The
// before-callback runs with the lock released, so the accounts and the
// repeat are checked again after it.
func (s *Server) v4SendMsg(c *v4Call) (any, error) {
	var req restapi.SendMsgRequest
	raw, err := decodeMessage(c, &req, &req.MsgBody, append(slices.Clip(sendFields),
		openimField{"MsgTimeStamp", restapi.CodeMsgTimeStampInvalid, false, isInt},
		openimField{"To_Account", restapi.CodeToAccountInvalid, true, isString}), restapi.CodeMsgBodyTooLong)
	if err != nil {
		return nil, err
	}
	st := &c.app.v4
	accounts := func() error {
		if _, err := st.msgSender(c, req.FromAccount); err != nil {
			return err
		}
		return st.imported("To_Account", req.ToAccount, restapi.CodeToAccountNotImported)
	}
	if err := accounts(); err != nil {
		return nil, err
	}
	from := sender(c, req.FromAccount)
	key := dedupKey(from, req.ToAccount, req.MsgSeq, req.MsgRandom, raw["MsgBody"])
	if sent, ok := st.msgs.dedup.lookup(key, c.now, c2cRepeatWindow); ok {
		return sent, nil
	}
	if !c.app.app.Edition.Paid() {
		if !st.msgs.today.take(c.now, secondsPerDay, 1, restapi.MaxTrialMessagesPerDay) {
			return nil, v4Err(restapi.CodeRateLimit, "trial app %d sends at most %d messages a day (UTC) with sendmsg", c.app.app.SDKAppID, restapi.MaxTrialMessagesPerDay)
		}
	}
	drop, err := s.beforeSendMsg(c, &req, from)
	if err == nil {
		err = accounts()
	}
	var answer any // a repeat answered while the callback ran: its first answer
	if sent, ok := st.msgs.dedup.lookup(key, c.now, c2cRepeatWindow); ok && err == nil {
		answer = sent
	}
	if err != nil || answer != nil {
		if !c.app.app.Edition.Paid() {
			st.msgs.today.giveBack(c.now, secondsPerDay, 1) // a message refused, or a repeat, was not sent
		}
		return answer, err
	}
	resp := st.msgs.store(from, req.ToAccount, req.MsgSeq, req.MsgRandom, req.SyncOtherMachine, req.MsgLifeTime, req.OnlineOnlyFlag == 1 || drop, noUnread(req.SendMsgControl), req.MsgBody, req.CloudCustomData, req.MsgTimeStamp, c.now)
	st.msgs.dedup.remember(key, resp, c.now, c2cRepeatWindow)
	if !drop {
		s.afterSendMsg(c, &req, from, resp)
	}
	return resp, nil
}

// imported answers code unless the account named by field is imported.
func (st *v4State) imported(field, id string, code int) error {
	if st.accounts[id] == nil {
		return v4Err(code, "%s %q is not imported", field, id)
	}
	return nil
}

// accountField is an account field of a request body: its wire name and
// where decoding the body puts its value.
type accountField struct {
	name string
	id   *string
}

// decodeConv decodes the body of a command about one account's
// conversation with a peer into v: decodeOpenIM with self (90008) and
// peer (90003) required strings, then more; then both accounts must be
// imported, answering the same codes.
func decodeConv(c *v4Call, v any, self, peer accountField, more ...openimField) error {
	fields := append([]openimField{
		{self.name, restapi.CodeFromAccountInvalid, true, isString},
		{peer.name, restapi.CodeToAccountInvalid, true, isString},
	}, more...)
	if _, err := decodeOpenIM(c, v, fields); err != nil {
		return err
	}
	st := &c.app.v4
	return cmp.Or(st.imported(self.name, *self.id, restapi.CodeFromAccountInvalid),
		st.imported(peer.name, *peer.id, restapi.CodeToAccountInvalid))
}

// allImported is imported for each of ids, answering the first that is
// not imported.
func (st *v4State) allImported(field string, code int, ids ...string) error {
	for _, id := range ids {
		if err := st.imported(field, id, code); err != nil {
			return err
		}
	}
	return nil
}

// msgSender is the From_Account of a sendmsg or batchsendmsg: the admin
// when it is empty, otherwise an imported account (20003).
func (st *v4State) msgSender(c *v4Call, from string) (string, error) {
	if from != "" {
		if err := st.imported("From_Account", from, restapi.CodeMsgSenderNotImported); err != nil {
			return "", err
		}
	}
	return sender(c, from), nil
}

// sender is the From_Account of a send: the admin when it is empty.
func sender(c *v4Call, from string) string {
	if from == "" {
		return c.identifier
	}
	return from
}

// v4BatchSendMsg sends one message to up to 500 accounts: the same checks
// as sendmsg, 12 000 recipients a minute (60007), and recipients that are
// not imported listed in ErrorList with 70107. It fires no callbacks and
// is not counted in a trial app's daily sendmsg messages.
func (s *Server) v4BatchSendMsg(c *v4Call) (any, error) {
	var req restapi.BatchSendMsgRequest
	raw, err := decodeMessage(c, &req, &req.MsgBody, append(slices.Clip(sendFields), openimField{"To_Account", restapi.CodeToAccountInvalid, true, isStrings}), restapi.CodeMsgBodyTooLong)
	if err != nil {
		return nil, err
	}
	st := &c.app.v4
	from, err := st.msgSender(c, req.FromAccount)
	if err != nil {
		return nil, err
	}
	if s.v4RateLimit == nil || *s.v4RateLimit > 0 {
		if w := &st.msgs.recipients; !w.take(c.now, 60, len(req.ToAccount), restapi.DefaultBatchRecipientsPerMinute) {
			return nil, v4Err(restapi.CodeRateLimit, "batchsendmsg takes at most %d recipients a minute for an app (%d sent this minute)", restapi.DefaultBatchRecipientsPerMinute, w.n)
		}
	}
	resp := restapi.BatchSendMsgResponse{}
	seq := req.MsgSeq // one for every copy, so the one MsgKey answered names each (admin_msgwithdraw)
	for _, to := range req.ToAccount {
		if st.accounts[to] == nil {
			resp.ErrorList = append(resp.ErrorList, restapi.RecipientError{ToAccount: to, ErrorCode: restapi.CodeNotImported})
			continue
		}
		key := dedupKey(from, to, req.MsgSeq, req.MsgRandom, raw["MsgBody"])
		sent, ok := st.msgs.dedup.lookup(key, c.now, c2cRepeatWindow)
		if !ok {
			sent = st.msgs.store(from, to, seq, req.MsgRandom, req.SyncOtherMachine, req.MsgLifeTime, false, noUnread(req.SendMsgControl), req.MsgBody, req.CloudCustomData, 0, c.now)
			st.msgs.dedup.remember(key, sent, c.now, c2cRepeatWindow)
		}
		if resp.MsgKey == "" {
			resp.MsgKey, resp.MsgID = sent.MsgKey, sent.MsgID
			if seq == 0 {
				fmt.Sscanf(sent.MsgKey, "%d_", &seq) // a MsgKey is MsgSeq_MsgRandom_MsgTime
			}
		}
	}
	return resp, nil
}

// dedupKey is sendmsg's repeat key: sender, recipient, MsgSeq, MsgRandom
// and the CRC32 of the body.
func dedupKey(from, to string, seq, random uint32, body []byte) string {
	return from + "\x00" + to + "\x00" + strconv.FormatUint(uint64(seq), 10) + "_" + strconv.FormatUint(uint64(random), 10) + "_" + strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10)
}

// store adds a sent message to its conversation (unless it is for online
// devices only), unread by to unless noUnread, and returns the answer.
// clientTime is the sender's time of the message (sendmsg's MsgTimeStamp),
// now's when 0.
func (m *v4Messages) store(from, to string, seq, random uint32, syncOther int, lifeTime *int, onlineOnly, noUnread bool, body []restapi.Element, custom string, clientTime int64, now time.Time) restapi.SendMsgResponse {
	conv := m.conv(from, to)
	if seq == 0 {
		conv.nextSeq++
		seq = conv.nextSeq
	}
	t := now.Unix()
	key := fmt.Sprintf("%d_%d_%d", seq, random, t)
	resp := restapi.SendMsgResponse{MsgTime: t, MsgKey: key, MsgID: msgID(from, t, random)}
	if onlineOnly || (lifeTime != nil && *lifeTime == 0) {
		return resp
	}
	msg := &v4Message{msg: restapi.Message{
		FromAccount: from, ToAccount: to, MsgSeq: seq, MsgRandom: random, MsgTimeStamp: t,
		MsgClientTime: cmp.Or(clientTime, t), MsgKey: key, MsgBody: body, CloudCustomData: custom,
	}, read: noUnread}
	if syncOther == restapi.SyncNotToSender {
		msg.hiddenFrom = from
	}
	conv.add(msg)
	return resp
}

// msgID is the MsgId of a message sent at t: in the shape of Tencent's
// examples (144115233406643804-1727580296-4026038328: a number for the
// sender, MsgTime, MsgRandom), the sender's number derived from its
// UserID, so the same send always gets the same MsgId. The callbacks of
// the message carry the same MsgId; a group message's, with its Random,
// shows only there (send_group_msg answers none, im-facts-rest.md B11).
func msgID(from string, t int64, random uint32) string {
	return fmt.Sprintf("%d-%d-%d", 1<<57+uint64(crc32.ChecksumIEEE([]byte(from))), t, random)
}

// importFields are the fields importmsg checks first.
var importFields = []openimField{
	{"SyncFromOldSystem", restapi.CodeSyncFromOldSystemInvalid, true, isInt},
	{"MsgBody", restapi.CodeMsgBodyNotArray, false, isBody}, // missing: Validate answers 90002
	{"MsgRandom", restapi.CodeMsgRandomInvalid, true, isUint32},
	{"MsgTimeStamp", restapi.CodeMsgTimeStampInvalid, true, isInt},
	{"MsgSeq", restapi.CodeOpenIMInvalidJSON, false, isUint32},
	{"From_Account", restapi.CodeFromAccountInvalid, true, isString},
	{"To_Account", restapi.CodeToAccountInvalid, true, isString},
}

// v4ImportMsg imports one historical message: the checks of sendmsg with
// 93000 for a body over 8,000 bytes, both accounts imported (90048 sender, 90012
// recipient), and a message already imported (same conversation, MsgSeq,
// MsgRandom, MsgTimeStamp) left as it is. No callbacks. A history import
// (SyncFromOldSystem 2) is not counted unread, but its IsPeerRead is 0 as
// every message's: only the recipient's read receipt sets it (CN 42794).
func (s *Server) v4ImportMsg(c *v4Call) (any, error) {
	var req restapi.ImportMsgRequest
	if _, err := decodeMessage(c, &req, &req.MsgBody, importFields, restapi.CodeImportTooLong); err != nil {
		return nil, err
	}
	st := &c.app.v4
	if err := cmp.Or(st.imported("From_Account", req.FromAccount, restapi.CodeAccountMissing),
		st.imported("To_Account", req.ToAccount, restapi.CodeToAccountNotImported)); err != nil {
		return nil, err
	}
	conv := st.msgs.conv(req.FromAccount, req.ToAccount)
	k := [3]int64{int64(req.MsgSeq), int64(req.MsgRandom), req.MsgTimeStamp}
	if conv.imported[k] {
		return nil, nil
	}
	conv.imported[k] = true
	conv.add(&v4Message{msg: restapi.Message{
		FromAccount: req.FromAccount, ToAccount: req.ToAccount, MsgSeq: req.MsgSeq, MsgRandom: req.MsgRandom,
		MsgTimeStamp: req.MsgTimeStamp, MsgClientTime: req.MsgTimeStamp,
		MsgKey:  fmt.Sprintf("%d_%d_%d", req.MsgSeq, req.MsgRandom, req.MsgTimeStamp),
		MsgBody: req.MsgBody, CloudCustomData: req.CloudCustomData,
	}, read: req.SyncFromOldSystem == restapi.ImportHistory})
	return nil, nil
}

// v4GetRoamMsg answers one page of a conversation as the operator sees it:
// newest first, at most MaxCnt messages and 13 KB, within [MinTime,
// MaxTime] and the 7-day roaming period, after LastMsgKey when given.
// Both accounts must be imported (90008 operator, 90003 peer).
func (s *Server) v4GetRoamMsg(c *v4Call) (any, error) {
	var req restapi.GetRoamMsgRequest
	if err := decodeConv(c, &req, accountField{"Operator_Account", &req.OperatorAccount}, accountField{"Peer_Account", &req.PeerAccount}); err != nil {
		return nil, err
	}
	st := &c.app.v4
	minTime := max(req.MinTime, c.now.Add(-roamingPeriod).Unix())
	var view []*v4Message // newest first
	conv := st.msgs.conv(req.OperatorAccount, req.PeerAccount)
	for i := len(conv.msgs) - 1; i >= 0; i-- {
		m := conv.msgs[i]
		if m.visibleTo(req.OperatorAccount) && m.msg.MsgTimeStamp >= minTime && m.msg.MsgTimeStamp <= req.MaxTime {
			view = append(view, m)
		}
	}
	if req.LastMsgKey != "" {
		if i := slices.IndexFunc(view, func(m *v4Message) bool { return m.msg.MsgKey == req.LastMsgKey }); i >= 0 {
			view = view[i+1:]
		}
	}
	resp := restapi.GetRoamMsgResponse{Complete: 1, MsgList: []restapi.Message{}}
	size := 0
	for i, m := range view {
		b, _ := json.Marshal(m.msg)
		if i == req.MaxCnt || (i > 0 && size+len(b) > restapi.MaxRoamPageBytes) {
			resp.Complete = 0
			break
		}
		size += len(b)
		resp.MsgList = append(resp.MsgList, m.msg)
		resp.LastMsgTime, resp.LastMsgKey = m.msg.MsgTimeStamp, m.msg.MsgKey
	}
	resp.MsgCnt = len(resp.MsgList)
	return resp, nil
}

// v4MsgWithdraw recalls a message for both sides: 20022 when the
// conversation holds no message from From_Account to To_Account with the
// MsgKey within the 7-day roaming period (Tencent: no time limit, "within
// the roaming period"), 20023 when it was recalled already. Both accounts
// must be imported (90008, 90003). C2C.CallbackAfterMsgWithDraw reports it.
func (s *Server) v4MsgWithdraw(c *v4Call) (any, error) {
	var req restapi.MsgWithdrawRequest
	if _, err := decodeOpenIM(c, &req, []openimField{
		{"From_Account", restapi.CodeFromAccountInvalid, true, isString},
		{"To_Account", restapi.CodeToAccountInvalid, true, isString},
	}); err != nil {
		return nil, err
	}
	sent, err := c.app.v4.sent(req.FromAccount, req.ToAccount, req.MsgKey, v4SentCodes{
		from: restapi.CodeFromAccountInvalid, to: restapi.CodeToAccountInvalid, missing: restapi.CodeMsgNotFound})
	if err != nil {
		return nil, err
	}
	m := &sent.msg
	if m.MsgTimeStamp < c.now.Add(-roamingPeriod).Unix() {
		return nil, v4Err(restapi.CodeMsgNotFound, "the message %q is older than the 7-day roaming period and can no longer be recalled", req.MsgKey)
	}
	if m.MsgFlagBits&restapi.MsgFlagRecalled != 0 {
		return nil, v4Err(restapi.CodeMsgAlreadyRecalled, "the message %q was recalled already", req.MsgKey)
	}
	m.MsgFlagBits |= restapi.MsgFlagRecalled
	m.MsgBody = []restapi.Element{}
	s.afterMsgWithdrawn(c, &req)
	return nil, nil
}

// v4SentCodes are the codes a command answers when it looks up a sent
// message: From_Account or To_Account not imported, or no such message.
type v4SentCodes struct{ from, to, missing int }

// sent is the message from one account to the other with key, once both
// accounts are found imported; codes says what each failure answers.
func (st *v4State) sent(from, to, key string, codes v4SentCodes) (*v4Message, error) {
	if err := cmp.Or(st.imported("From_Account", from, codes.from),
		st.imported("To_Account", to, codes.to)); err != nil {
		return nil, err
	}
	msgs := st.msgs.conv(from, to).msgs
	i := slices.IndexFunc(msgs, func(m *v4Message) bool {
		return m.msg.MsgKey == key && m.msg.FromAccount == from && m.msg.ToAccount == to
	})
	if i < 0 {
		return nil, v4Err(codes.missing, "no message from %q to %q has MsgKey %q; use the MsgKey sendmsg answered", from, to, key)
	}
	return msgs[i], nil
}

// Conversation returns every message stored between accounts a and b of
// an app, oldest first, as admin_getroammsg reports them (recalled ones
// with MsgFlagRecalled and no body; online-only sends are not stored);
// nil for no messages. For assertions on what code sent. It panics for an
// unknown app.
func (s *Server) Conversation(sdkAppID uint64, a, b string) []restapi.Message {
	return readV4(s, "Conversation", sdkAppID, func(st *v4State, _ time.Time) []restapi.Message {
		conv := st.msgs.convs[convKey(a, b)]
		if conv == nil {
			return nil
		}
		out := make([]restapi.Message, len(conv.msgs))
		for i, m := range conv.msgs {
			out[i] = m.msg
		}
		return out
	})
}

// Sleep moves the server's clock forward by d at once, as Advance does,
// unless ctx has ended (then it returns ctx's error). Pass it with Now to
// restapi.WithRateLimitWait and restapi.WithClock so a client's rate
// limiter and retries wait on the server's clock instead of real time
// (RESTClient does). Sleepers do not wait for each other, so concurrent
// waits move the clock further than real time would, never less, and
// their calls then land in the same server second: goroutines sharing one
// RESTClient under a rate limit may still get 60007 (retried by the
// client unless WithoutRetries). Pace concurrent callers against the
// server's limit with real time (restapi's default wait), or send from one
// goroutine, when a test counts 60007s.
func (s *Server) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.Advance(max(d, 0))
	return nil
}
