package imtest

import (
	"slices"

	"github.com/imconsole/imconsole/restapi"
)

// v4GroupMsgRecall recalls messages of a group by MsgSeq: restapi's
// Validate (10004, 10015); the group exists (10010) and, for a TopicId,
// has that topic (inTopic: 11000, 110003). Then each MsgSeq, in
// the order given, answers its own RetCode: 10030 when no stored message
// of the group (of TopicId's topic when set) has it or it was recalled
// already, 10031 for an AVChatRoom message over an hour old; 0 recalls it.
// Tencent documents no time limit for the other group types, and every
// group type supports the command, so 10032 and 10033 are never answered.
// Reason is accepted and not kept. Group.CallbackAfterRecallMsg lists the
// MsgSeqs answered 0 (none is sent when no message was recalled).
func (s *Server) v4GroupMsgRecall(c *v4Call, req *restapi.GroupMsgRecallRequest) (any, error) {
	g, err := c.app.v4.groupTopic(req.GroupID, req.TopicID)
	if err != nil {
		return nil, err
	}
	resp := restapi.GroupMsgRecallResponse{RecallRetList: make([]restapi.RecallResult, len(req.MsgSeqList))}
	var recalled []uint64
	for i, it := range req.MsgSeqList {
		resp.RecallRetList[i] = restapi.RecallResult{MsgSeq: it.MsgSeq, RetCode: g.recall(it.MsgSeq, req.TopicID, c.now.Unix())}
		if resp.RecallRetList[i].RetCode == restapi.CodeOK {
			recalled = append(recalled, it.MsgSeq)
		}
	}
	s.afterGroupMsgRecalled(c, g, req.TopicID, recalled)
	return resp, nil
}

// recall marks the stored message seq of topic recalled at now (Unix
// seconds) and answers its RetCode.
func (g *v4Group) recall(seq uint64, topic string, now int64) int {
	i := g.stored(seq, topic)
	switch {
	case i < 0 || g.msgs[i].Recalled:
		return restapi.CodeRecallMsgMissing
	case g.info.Type == restapi.GroupAVChatRoom && now-g.msgs[i].MsgTime > restapi.AVChatRoomRecallSeconds:
		return restapi.CodeRecallTooLate
	}
	g.msgs[i].Recalled = true
	return restapi.CodeOK
}

// stored is the index in g.msgs of the message seq of topic, -1 for none
// (notifications have no MsgSeq).
func (g *v4Group) stored(seq uint64, topic string) int {
	return slices.IndexFunc(g.msgs, func(m GroupMessage) bool { return !m.System && m.MsgSeq == seq && m.TopicID == topic })
}

// v4GroupMsgGetSimple answers a group's history: restapi's Validate
// (10004, 10015); the group exists (10010) and is not an AVChatRoom,
// which stores no history (10007); a TopicId is one of its topics
// (inTopic: 11000, 110003). The answer lists, newest first, the
// min(ReqMsgNumber, 20) newest stored messages of TopicId's topic (none:
// the group's own) whose MsgSeq is at most ReqMsgSeq (0: any), recalled
// ones left out unless WithRecalledMsg is 1 (then IsPlaceMsg 2, with no
// MsgBody). IsFinished is 0 when more than 20 were asked for, 1
// otherwise. System notifications are not stored by Tencent and are not
// listed.
func (s *Server) v4GroupMsgGetSimple(c *v4Call, req *restapi.GroupMsgGetSimpleRequest) (any, error) {
	g, err := c.app.v4.historyGroup(req.GroupID, req.TopicID,
		"an AVChatRoom stores no message history, so group_msg_get_simple does not serve it")
	if err != nil {
		return nil, err
	}
	n := min(req.ReqMsgNumber, restapi.MaxGroupHistoryPage)
	resp := restapi.GroupMsgGetSimpleResponse{GroupID: g.info.GroupID, IsFinished: 1, RspMsgList: []restapi.GroupHistoryMessage{}}
	if req.ReqMsgNumber > restapi.MaxGroupHistoryPage {
		resp.IsFinished = 0
	}
	for i := len(g.msgs) - 1; i >= 0 && len(resp.RspMsgList) < n; i-- {
		m := g.msgs[i]
		switch {
		case m.System, m.TopicID != req.TopicID, req.ReqMsgSeq != 0 && m.MsgSeq > req.ReqMsgSeq, m.Recalled && req.WithRecalledMsg != 1:
			continue
		}
		resp.RspMsgList = append(resp.RspMsgList, historyMessage(m))
	}
	return resp, nil
}

// historyMessage is m as group_msg_get_simple lists it.
func historyMessage(m GroupMessage) restapi.GroupHistoryMessage {
	h := restapi.GroupHistoryMessage{
		FromAccount: m.FromAccount, MsgBody: slices.Clone(m.MsgBody), MsgPriority: historyPriority(m.MsgPriority),
		MsgRandom: m.MsgRandom, MsgSeq: m.MsgSeq, MsgTimeStamp: m.MsgTime,
	}
	if m.Recalled {
		h.IsPlaceMsg, h.MsgBody = restapi.PlaceMsgRecalled, []restapi.Element{}
	}
	return h
}

// historyPriority is the number group_msg_get_simple answers for a
// send_group_msg MsgPriority (none sent: Normal).
func historyPriority(p restapi.MsgPriority) int {
	switch p {
	case restapi.PriorityHigh:
		return restapi.HistoryPriorityHigh
	case restapi.PriorityLow:
		return restapi.HistoryPriorityLow
	}
	return restapi.HistoryPriorityNormal
}
