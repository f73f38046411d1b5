package restapi

import (
	"context"
	"iter"
)

// Group message history and recall commands.
const (
	CommandGroupMsgRecall    = "group_msg_recall"
	CommandGroupMsgGetSimple = "group_msg_get_simple"
)

// Limits Tencent documents for group_msg_recall and group_msg_get_simple.
const (
	MaxRecallSeqsPerRequest = 10   // group_msg_recall's MsgSeqList
	MaxGroupHistoryPage     = 20   // messages group_msg_get_simple answers at most (ReqMsgNumber above it answers 20, IsFinished 0)
	AVChatRoomRecallSeconds = 3600 // an AVChatRoom's messages are recallable this long; other groups' at any age
)

// RetCodes of one message of group_msg_recall (RecallRetList) besides 0.
const (
	CodeRecallMsgMissing  = 10030 // the message to recall does not exist (or was recalled already)
	CodeRecallTooLate     = 10031 // past the time limit: an AVChatRoom's messages are recallable for an hour
	CodeRecallNotAllowed  = 10032 // the message cannot be recalled
	CodeRecallTypeRefused = 10033 // the group type does not support recall
)

// IsPlaceMsg values of group_msg_get_simple.
const (
	PlaceMsgNone     = 0 // a stored message with its body
	PlaceMsgGone     = 1 // deleted, expired or failed to store: MsgBody is empty
	PlaceMsgRecalled = 2 // recalled (answered only with WithRecalledMsg 1)
)

// Priorities of group_msg_get_simple's MsgPriority (a number there,
// where send_group_msg takes a name).
const (
	HistoryPriorityHigh   = 1
	HistoryPriorityNormal = 2
	HistoryPriorityLow    = 3
	HistoryPriorityLowest = 4
)

// MsgSeqItem names one group message by its MsgSeq.
type MsgSeqItem struct {
	MsgSeq uint64 `json:"MsgSeq"`
}

// GroupMsgRecallRequest is the body of group_msg_recall: recall up to 10
// messages of a group by MsgSeq (what send_group_msg answered, or
// group_msg_get_simple lists), in the Community topic TopicID when set.
// Reason is the recall's reason, shown in Tencent's sample request.
type GroupMsgRecallRequest struct {
	GroupID    string       `json:"GroupId"`
	MsgSeqList []MsgSeqItem `json:"MsgSeqList"`
	Reason     string       `json:"Reason,omitempty"`
	TopicID    string       `json:"TopicId,omitempty"`
}

// RecallResult is one message's result of group_msg_recall: RetCode 0
// when recalled, otherwise one of the CodeRecall constants.
type RecallResult struct {
	MsgSeq  uint64 `json:"MsgSeq"`
	RetCode int    `json:"RetCode"`
}

// GroupMsgRecallResponse is the answer of group_msg_recall.
type GroupMsgRecallResponse struct {
	RecallRetList []RecallResult `json:"RecallRetList"`
}

// GroupMsgGetSimpleRequest is the body of group_msg_get_simple: the
// ReqMsgNumber newest messages of a group whose MsgSeq is at most
// ReqMsgSeq (0: the newest), at most 20 answered; WithRecalledMsg 1 also
// lists recalled messages (IsPlaceMsg 2); TopicID reads a Community
// topic.
type GroupMsgGetSimpleRequest struct {
	GroupID         string `json:"GroupId"`
	ReqMsgNumber    int    `json:"ReqMsgNumber"`
	ReqMsgSeq       uint64 `json:"ReqMsgSeq,omitempty"`
	WithRecalledMsg int    `json:"WithRecalledMsg,omitempty"`
	TopicID         string `json:"TopicId,omitempty"`
}

// GroupHistoryMessage is one message of group_msg_get_simple's
// RspMsgList. IsPlaceMsg is one of the PlaceMsg constants, MsgPriority
// one of the HistoryPriority constants, MsgTimeStamp the server's Unix
// second, IsSystemMsg 1 for a system message.
type GroupHistoryMessage struct {
	FromAccount  string    `json:"From_Account"`
	IsPlaceMsg   int       `json:"IsPlaceMsg"`
	MsgBody      []Element `json:"MsgBody"`
	MsgPriority  int       `json:"MsgPriority"`
	MsgRandom    uint32    `json:"MsgRandom"`
	MsgSeq       uint64    `json:"MsgSeq"`
	MsgTimeStamp int64     `json:"MsgTimeStamp"`
	IsSystemMsg  int       `json:"IsSystemMsg,omitempty"`
}

// GroupMsgGetSimpleResponse is one page of group_msg_get_simple, newest
// first. IsFinished is 1 when the whole range asked for was answered, 0
// when it was too long or more than 20 were asked for, 2 when, besides,
// every message of it expired.
type GroupMsgGetSimpleResponse struct {
	GroupID    string                `json:"GroupId"`
	IsFinished int                   `json:"IsFinished"`
	RspMsgList []GroupHistoryMessage `json:"RspMsgList"`
}

// Validate checks a group_msg_recall body (10004 unless said): the
// GroupId (10015 malformed) and 1-10 MsgSeqs.
func (r *GroupMsgRecallRequest) Validate() error {
	const cmd = CommandGroupMsgRecall
	if err := checkTargetGroup(cmd, r.GroupID); err != nil {
		return err
	}
	if n := len(r.MsgSeqList); n == 0 || n > MaxRecallSeqsPerRequest {
		return groupErr(cmd, CodeGroupInvalidParam, "MsgSeqList has %d MsgSeqs; name 1 to %d per request (Groups.Recall splits longer lists)", n, MaxRecallSeqsPerRequest)
	}
	return nil
}

// Validate checks a group_msg_get_simple body (10004 unless said): the
// GroupId (10015 malformed) and ReqMsgNumber, which is required, at least
// 1.
func (r *GroupMsgGetSimpleRequest) Validate() error {
	const cmd = CommandGroupMsgGetSimple
	if err := checkTargetGroup(cmd, r.GroupID); err != nil {
		return err
	}
	if r.ReqMsgNumber < 1 {
		return groupErr(cmd, CodeGroupInvalidParam, "ReqMsgNumber %d is required, at least 1 (at most %d are answered)", r.ReqMsgNumber, MaxGroupHistoryPage)
	}
	return nil
}

// Recall recalls messages of a group by MsgSeq (group_msg_recall, 10 per
// request, in order) and returns one result per MsgSeq: RetCode 0 when
// recalled, CodeRecallMsgMissing for a message that does not exist or
// was recalled already, CodeRecallTooLate for an AVChatRoom message over
// an hour old. Any age of message of the other group types can be
// recalled. Every request is checked before the first is sent (10004,
// 10015); a group that does not exist is 10010. A recall cannot be
// undone; a lost answer is not retried (Recall again: recalled messages
// answer CodeRecallMsgMissing). When a request fails, those before it
// were applied (their results are returned with the error).
func (s *GroupService) Recall(ctx context.Context, groupID string, seqs ...uint64) ([]RecallResult, error) {
	items := make([]MsgSeqItem, len(seqs))
	for i, seq := range seqs {
		items[i] = MsgSeqItem{MsgSeq: seq}
	}
	build := func(chunk []MsgSeqItem) *GroupMsgRecallRequest {
		return &GroupMsgRecallRequest{GroupID: groupID, MsgSeqList: chunk}
	}
	results := func(resp *GroupMsgRecallResponse) []RecallResult { return resp.RecallRetList }
	return collect(ctx, s.c, ServiceGroup, CommandGroupMsgRecall, items, MaxRecallSeqsPerRequest, build, results)
}

// History walks a group's stored messages (group_msg_get_simple), newest
// first, from req.ReqMsgSeq (0: the newest) down, req.ReqMsgNumber per
// page (0: 20, the most a page holds), each page asking below the
// smallest MsgSeq of the one before; it ends at a page with no message or
// at MsgSeq 1. Recalled messages are left out unless WithRecalledMsg is
// 1. An AVChatRoom stores no messages (10007). The first error (a local
// check, 10010 for a group that does not exist, or the context's) is
// yielded last.
func (s *GroupService) History(ctx context.Context, req GroupMsgGetSimpleRequest) iter.Seq2[GroupHistoryMessage, error] {
	if req.ReqMsgNumber == 0 {
		req.ReqMsgNumber = MaxGroupHistoryPage
	}
	msgs := func(resp *GroupMsgGetSimpleResponse) []GroupHistoryMessage { return resp.RspMsgList }
	return walk(ctx, s.c, ServiceGroup, CommandGroupMsgGetSimple, req, msgs, func(req *GroupMsgGetSimpleRequest, resp *GroupMsgGetSimpleResponse) (bool, error) {
		if len(resp.RspMsgList) == 0 {
			return false, nil
		}
		low := resp.RspMsgList[0].MsgSeq
		for _, m := range resp.RspMsgList {
			low = min(low, m.MsgSeq)
		}
		switch {
		case low <= 1:
			return false, nil
		case req.ReqMsgSeq != 0 && low > req.ReqMsgSeq:
			return false, stuck(CommandGroupMsgGetSimple, req.ReqMsgSeq)
		}
		req.ReqMsgSeq = low - 1
		return true, nil
	})
}
