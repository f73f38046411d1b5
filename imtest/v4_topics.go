package imtest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/restapi"
)

// v4Topics are the topics of a Community created with SupportTopic 1.
type v4Topics struct {
	list []v4Topic // in creation order
	seq  int       // the last assigned TopicId's number
}

// v4Topic is one topic of a Community: its profile as created (TopicID
// set) and modify_topic changed it, when it was created, whether
// modify_topic muted all its members and forbid_send_msg's mutes in it.
type v4Topic struct {
	restapi.CreateTopicRequest
	created  time.Time
	mutedAll bool
	mutes    v4Mutes
}

// find returns the index of the topic id in ts, -1 when there is none.
func (ts *v4Topics) find(id string) int {
	return slices.IndexFunc(ts.list, func(t v4Topic) bool { return t.TopicID == id })
}

// topicGroup returns the group of a topic command: it exists (10010) and
// supports topics (11000: not a Community, or one created without
// SupportTopic 1).
func (st *v4State) topicGroup(groupID string) (*v4Group, error) {
	g, err := st.group(groupID)
	if err != nil {
		return nil, err
	}
	if g.topics == nil {
		return nil, v4Err(restapi.CodeTopicsNotSupported, "group %q does not support topics: only a Community created with SupportTopic 1 has them", groupID)
	}
	return g, nil
}

// inTopic answers why a command of g's messages or mutes may not name its
// topic topicID ("" names the group itself): 11000 when g supports no
// topics, as the topic commands answer, and 110003 when it has no such
// topic (the server's choice, as for a deleted topic).
func (g *v4Group) inTopic(topicID string) error {
	switch {
	case topicID == "":
	case g.topics == nil:
		return v4Err(restapi.CodeTopicsNotSupported, "group %q does not support topics: only a Community created with SupportTopic 1 has them; leave TopicId empty", g.info.GroupID)
	case g.topics.find(topicID) < 0:
		return v4Err(restapi.CodeTopicGone, "group %q has no topic %q; use a TopicId create_topic answered", g.info.GroupID, topicID)
	}
	return nil
}

// v4CreateTopic adds a topic: restapi's Validate (10004, 10015); the
// group exists (10010) and supports topics (11000); a custom TopicId is
// unused in the group (10021, as a custom GroupId in the app), an empty
// one is assigned as GroupId + "@TOPIC#_@TOPIC#" + a sequence, the shape
// of Tencent's samples. Group.CallbackAfterCreateTopic follows.
func (s *Server) v4CreateTopic(c *v4Call, req *restapi.CreateTopicRequest) (any, error) {
	g, err := c.app.v4.topicGroup(req.GroupID)
	if err != nil {
		return nil, err
	}
	ts := g.topics
	t := v4Topic{CreateTopicRequest: *req, created: c.now}
	if t.TopicID != "" {
		if ts.find(t.TopicID) >= 0 {
			return nil, v4Err(restapi.CodeGroupIDInUse, "TopicId %q is already used in group %q; choose another, or leave it empty to get one", t.TopicID, g.info.GroupID)
		}
	} else {
		for t.TopicID == "" || ts.find(t.TopicID) >= 0 {
			ts.seq++
			t.TopicID = fmt.Sprintf("%s%s@TOPIC#%08X", g.info.GroupID, restapi.TopicIDMark, ts.seq)
		}
	}
	ts.list = append(ts.list, t)
	s.after(c.app.app.SDKAppID, c.now, &callback.TopicCreated{GroupID: g.info.GroupID, TopicID: t.TopicID, OperatorAccount: c.identifier,
		OwnerAccount: g.info.OwnerAccount, Type: g.info.Type, Name: t.TopicName})
	return restapi.CreateTopicResponse{TopicID: t.TopicID}, nil
}

// v4DestroyTopic deletes topics: restapi's Validate (10004, 10015); the
// group exists (10010) and supports topics (11000). Each TopicId answers
// its own item: 0 deleted, 110003 already deleted or never created.
// Group.CallbackAfterTopicDestroyed follows, listing those deleted, when
// any were.
func (s *Server) v4DestroyTopic(c *v4Call, req *restapi.DestroyTopicRequest) (any, error) {
	g, err := c.app.v4.topicGroup(req.GroupID)
	if err != nil {
		return nil, err
	}
	resp := restapi.DestroyTopicResponse{DestroyResultItem: make([]restapi.TopicResult, len(req.TopicIDList))}
	var deleted []string
	for i, id := range req.TopicIDList {
		r := restapi.TopicResult{TopicID: id, ErrorInfo: "ok"}
		if j := g.topics.find(id); j >= 0 {
			g.topics.list = slices.Delete(g.topics.list, j, j+1)
			g.msgs = slices.DeleteFunc(g.msgs, func(m GroupMessage) bool { return m.TopicID == id }) // "cannot be restored", not by its ID either
			maps.DeleteFunc(g.dedup.sent, topicKeys(id))                                             // nor answered as a repeat
			deleted = append(deleted, id)
		} else {
			r.ErrorCode, r.ErrorInfo = restapi.CodeTopicGone, "the topic was already deleted or never created"
		}
		resp.DestroyResultItem[i] = r
	}
	if len(deleted) > 0 {
		s.after(c.app.app.SDKAppID, c.now, &callback.TopicDestroyed{GroupID: g.info.GroupID, Type: g.info.Type, TopicIDList: deleted})
	}
	return resp, nil
}

// v4GetTopic answers topic profiles: restapi's Validate (10004, 10015);
// the group exists (10010) and supports topics (11000). TopicIdList's
// topics in order, every topic in creation order when it is empty; a
// TopicId that is not a topic of the group answers an item with 110003
// and TopicInfo.TopicId only (the server's choice, as destroy_topic
// answers it). ResponseFilter, when set, keeps the TopicInfo fields it
// names (TopicId always). SelfInfo is From_Account's when a member:
// ShutUpTime the later end of its group mute and its mute in the topic,
// MsgFlag as modify_group_member_info set it, MsgSeq 0 (read positions
// are not kept per topic).
func (s *Server) v4GetTopic(c *v4Call, req *restapi.GetTopicRequest) (any, error) {
	g, err := c.app.v4.topicGroup(req.GroupID)
	if err != nil {
		return nil, err
	}
	ids := req.TopicIDList
	if len(ids) == 0 {
		for _, t := range g.topics.list {
			ids = append(ids, t.TopicID)
		}
	}
	var self *restapi.TopicSelfInfo
	if i := g.member(req.FromAccount); i >= 0 {
		m := g.memberList(c.now, nil)[i]
		self = &restapi.TopicSelfInfo{ShutUpTime: m.ShutUpUntil, MsgFlag: m.MsgFlag}
	}
	resp := restapi.GetTopicResponse{TopicAndSelfInfo: make([]restapi.TopicAndSelfInfo, len(ids))}
	answered := map[string]restapi.TopicInfo{} // each topic's profile built once, however often it is named
	keep := fieldSet(req.ResponseFilter, "TopicId")
	for i, id := range ids {
		j := g.topics.find(id)
		if j < 0 {
			resp.TopicAndSelfInfo[i] = restapi.TopicAndSelfInfo{ErrorCode: restapi.CodeTopicGone, ErrorInfo: "the topic was deleted or never created",
				TopicInfo: restapi.TopicInfo{TopicID: id}}
			continue
		}
		topic, ok := answered[id]
		if !ok {
			topic = g.topicInfo(g.topics.list[j])
			if len(req.ResponseFilter) > 0 {
				topic = pick[restapi.TopicInfo](topic, keep)
			}
			answered[id] = topic
		}
		item := restapi.TopicAndSelfInfo{ErrorInfo: "ok", TopicInfo: topic}
		if self != nil { // muted until the later of its group mute and its mute in the topic
			mine := *self
			mine.ShutUpTime = max(mine.ShutUpTime, g.topics.list[j].mutes[req.FromAccount].shutUpUntil(c.now))
			item.SelfInfo = &mine
		}
		resp.TopicAndSelfInfo[i] = item
	}
	return resp, nil
}

// topicInfo is t's whole profile: LastMsgTime and NextMsgSeq from the
// last stored message posted to it (NextMsgSeq 0 before any; the
// sequence is the group's).
func (g *v4Group) topicInfo(t v4Topic) restapi.TopicInfo {
	info := restapi.TopicInfo{TopicID: t.TopicID, GroupID: t.GroupID, TopicName: t.TopicName, FaceURL: t.FaceURL, Notification: t.Notification,
		Introduction: t.Introduction, CustomString: t.CustomString, CreateTime: t.created.Unix()}
	if t.mutedAll {
		info.ShutUpAllFlag = 1
	}
	for _, m := range slices.Backward(g.msgs) {
		if m.TopicID == t.TopicID && !m.System {
			info.LastMsgTime, info.NextMsgSeq = m.MsgTime, m.MsgSeq+1
			break
		}
	}
	return info
}

// fieldSet is the wire names a ResponseFilter names, with those always
// answered: a set built once per request, so a long filter never
// multiplies the items answered. A field Tencent renamed is named by
// either name (ShutUpAllMember for MuteAllMember, MuteUntil for
// ShutUpUntil, as restapi decodes them).
func fieldSet(names []string, always ...string) map[string]bool {
	set := setOf(slices.Concat(always, names))
	for other, name := range map[string]string{"ShutUpAllMember": "MuteAllMember", "MuteUntil": "ShutUpUntil"} {
		if set[other] {
			set[name] = true
		}
	}
	return set
}

// pick is from as a T with only the fields whose wire names keep holds:
// from is marshalled and the fields kept are unmarshalled into T, so names
// of fields T does not model are ignored. from must marshal (a struct of
// strings, numbers and lists).
func pick[T any](from any, keep map[string]bool) T {
	var all map[string]json.RawMessage
	b, _ := json.Marshal(from)
	_ = json.Unmarshal(b, &all)
	maps.DeleteFunc(all, func(name string, _ json.RawMessage) bool { return !keep[name] })
	b, _ = json.Marshal(all)
	var out T
	_ = json.Unmarshal(b, &out)
	return out
}

// v4ModifyTopic changes a topic's profile: restapi's Validate (10004,
// 10015); the group exists (10010) and supports topics (11000); the
// topic exists (110003, the server's choice, as destroy_topic answers a
// topic already deleted). The fields set replace the topic's;
// MuteAllMember On sets ShutUpAllFlag, Off clears it.
// Group.CallbackAfterTopicInfoChanged follows (INTL 1047/49466: "The app
// admin modifies the topic profile through the RESTful API") when the
// body sets TopicName, Introduction, Notification or FaceUrl, with those
// it sets; CustomString and MuteAllMember alone send none ("will not be
// triggered by a change in other basic topic profile").
func (s *Server) v4ModifyTopic(c *v4Call, req *restapi.ModifyTopicRequest) (any, error) {
	g, err := c.app.v4.topicGroup(req.GroupID)
	if err != nil {
		return nil, err
	}
	j := g.topics.find(req.TopicID)
	if j < 0 {
		return nil, v4Err(restapi.CodeTopicGone, "topic %q is not a topic of group %q: it was deleted or never created", req.TopicID, g.info.GroupID)
	}
	t := &g.topics.list[j]
	for _, f := range [...]struct {
		dst *string
		v   string
	}{
		{&t.TopicName, req.TopicName}, {&t.FaceURL, req.FaceURL}, {&t.Notification, req.Notification},
		{&t.Introduction, req.Introduction}, {&t.CustomString, req.CustomString},
	} {
		if f.v != "" {
			*f.dst = f.v
		}
	}
	if req.MuteAllMember != "" {
		t.mutedAll = req.MuteAllMember == restapi.MuteAllOn
	}
	if req.TopicName != "" || req.Introduction != "" || req.Notification != "" || req.FaceURL != "" {
		s.after(c.app.app.SDKAppID, c.now, &callback.TopicInfoChanged{GroupID: g.info.GroupID, Type: g.info.Type, OperatorAccount: c.identifier,
			Name: req.TopicName, Introduction: req.Introduction, Notification: req.Notification, FaceURL: req.FaceURL})
	}
	return nil, nil
}

// GroupTopics returns the TopicIds of a Community's topics, in creation
// order: none for a group that does not exist or does not support
// topics. It panics for an unknown app.
func (s *Server) GroupTopics(sdkAppID uint64, groupID string) []string {
	return readV4(s, "GroupTopics", sdkAppID, func(st *v4State, _ time.Time) []string {
		g := st.groups[groupID]
		if g == nil || g.topics == nil {
			return nil
		}
		ids := make([]string, len(g.topics.list))
		for i, t := range g.topics.list {
			ids[i] = t.TopicID
		}
		return ids
	})
}
