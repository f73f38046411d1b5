package imtest

import (
	"fmt"
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

// v4Topic is one topic of a Community, as created (TopicID set).
type v4Topic struct {
	restapi.CreateTopicRequest
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
	t := v4Topic{CreateTopicRequest: *req}
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
