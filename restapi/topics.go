package restapi

import (
	"context"
	"errors"
	"strings"

	"github.com/imconsole/imconsole/internal/rules"
)

// ServiceCommunity serves the topics of a Community created with
// SupportTopic 1 (million_group_open_http_svc).
const ServiceCommunity = "million_group_open_http_svc"

// Topic commands of a Community (million_group_open_http_svc).
const (
	CommandCreateTopic  = "create_topic"
	CommandDestroyTopic = "destroy_topic"
)

// Topic limits Tencent documents. A topic's TopicName, Introduction,
// Notification and FaceUrl have the group's limits (MaxGroupNameBytes,
// MaxGroupIntroBytes, MaxGroupNoticeBytes, MaxGroupFaceURLBytes).
const (
	MaxTopicIDBytes      = 96   // a whole custom TopicId
	MaxTopicCustomString = 3000 // create_topic's CustomString, in bytes
)

// TopicIDMark separates a Community's GroupId from the rest of a
// TopicId: a topic of group G is G + TopicIDMark + its own part.
const TopicIDMark = "@TOPIC#_"

// CodeTopicsNotSupported is answered for a topic command on a group that
// does not support topics: not a Community, or one created without
// SupportTopic 1.
const CodeTopicsNotSupported = 11000

// Per-topic codes of destroy_topic's DestroyResultItem.
const (
	CodeTopicDestroyFailed = 110002 // the topic could not be deleted
	CodeTopicGone          = 110003 // the topic was already deleted (or never existed)
)

// CreateTopicRequest is the body of create_topic: a topic named
// TopicName in the Community GroupID, which must support topics. TopicID
// is a custom ID (GroupID + TopicIDMark + a part of printable ASCII,
// at most MaxTopicIDBytes in all); empty, one is assigned. FromAccount is
// the member creating it.
type CreateTopicRequest struct {
	GroupID      string `json:"GroupId"`
	TopicID      string `json:"TopicId,omitempty"`
	TopicName    string `json:"TopicName"`
	FromAccount  string `json:"From_Account,omitempty"`
	CustomString string `json:"CustomString,omitempty"`
	FaceURL      string `json:"FaceUrl,omitempty"`
	Notification string `json:"Notification,omitempty"`
	Introduction string `json:"Introduction,omitempty"`
}

// CreateTopicResponse is the answer of create_topic: the new topic's ID.
type CreateTopicResponse struct {
	TopicID string `json:"TopicId"`
}

// Validate checks a create_topic body (10004 unless said): the GroupId
// (10015 malformed), TopicName 1-30 bytes, Introduction at most 240,
// Notification 300, FaceUrl 100, CustomString 3000 bytes, From_Account a
// UserID when set, and a custom TopicId of GroupId + "@TOPIC#_" + a
// non-empty part of printable ASCII without "@TGS#_" or "@TOPIC#_@TOPIC#",
// at most 96 bytes in all.
func (r *CreateTopicRequest) Validate() error {
	const cmd = CommandCreateTopic
	if err := topicErrOf(checkTargetGroup(cmd, r.GroupID)); err != nil {
		return err
	}
	if r.TopicName == "" {
		return topicErr(cmd, CodeGroupInvalidParam, "TopicName is required")
	}
	if err := topicErrOf(checkGroupTexts(cmd, r.TopicName, r.Introduction, r.Notification, r.FaceURL)); err != nil {
		return err
	}
	if n := len(r.CustomString); n > MaxTopicCustomString {
		return topicErr(cmd, CodeGroupInvalidParam, "CustomString is %d bytes; at most %d bytes", n, MaxTopicCustomString)
	}
	if r.FromAccount != "" && !rules.ValidUserID(r.FromAccount) {
		return topicErr(cmd, CodeGroupInvalidParam, "From_Account %q is not a UserID (1-%d bytes of printable ASCII)", r.FromAccount, rules.MaxUserIDBytes)
	}
	return checkCustomTopicID(cmd, r.GroupID, r.TopicID)
}

// checkCustomTopicID checks a custom TopicId of group groupID (empty:
// assigned by the service), as Tencent's Group System page writes it.
func checkCustomTopicID(cmd, groupID, id string) error {
	if id == "" {
		return nil
	}
	own, ok := strings.CutPrefix(id, groupID+TopicIDMark)
	switch {
	case !ok || own == "":
		return topicErr(cmd, CodeGroupInvalidParam, "TopicId %q is not GroupId + %q + a custom part", id, TopicIDMark)
	case len(id) > MaxTopicIDBytes:
		return topicErr(cmd, CodeGroupInvalidParam, "TopicId is %d bytes; at most %d bytes", len(id), MaxTopicIDBytes)
	case rules.NonPrintable(own) >= 0:
		return topicErr(cmd, CodeGroupInvalidParam, "TopicId's custom part %q is not printable ASCII", own)
	case strings.Contains(own, "@TGS#_"), strings.Contains(TopicIDMark+own, "@TOPIC#_@TOPIC#"):
		return topicErr(cmd, CodeGroupInvalidParam, "TopicId's custom part %q holds @TGS#_ or @TOPIC#_@TOPIC#, which assigned IDs use", own)
	}
	return nil
}

// DestroyTopicRequest is the body of destroy_topic: delete the topics
// TopicIDList of the Community GroupID. A deleted topic cannot be
// restored.
type DestroyTopicRequest struct {
	GroupID     string   `json:"GroupId"`
	TopicIDList []string `json:"TopicIdList"`
}

// TopicResult is one topic's result of destroy_topic: ErrorCode 0 when
// it was deleted, CodeTopicGone when it was already, another code when it
// could not be.
type TopicResult struct {
	ErrorCode int    `json:"ErrorCode"`
	ErrorInfo string `json:"ErrorInfo"`
	TopicID   string `json:"TopicId"`
}

// DestroyTopicResponse is the answer of destroy_topic, one result per
// topic asked.
type DestroyTopicResponse struct {
	DestroyResultItem []TopicResult `json:"DestroyResultItem"`
}

// Validate checks a destroy_topic body (10004 unless said): the GroupId
// (10015 malformed) and at least one TopicId, none empty.
func (r *DestroyTopicRequest) Validate() error {
	const cmd = CommandDestroyTopic
	if err := topicErrOf(checkTargetGroup(cmd, r.GroupID)); err != nil {
		return err
	}
	if len(r.TopicIDList) == 0 {
		return topicErr(cmd, CodeGroupInvalidParam, "TopicIdList is empty; name at least one topic")
	}
	for i, id := range r.TopicIDList {
		if id == "" {
			return topicErr(cmd, CodeGroupInvalidParam, "TopicIdList[%d] is empty", i)
		}
	}
	return nil
}

// topicErr is the *Error a topic command's Validate returns.
func topicErr(command string, code int, format string, args ...any) error {
	return topicErrOf(groupErr(command, code, format, args...))
}

// topicErrOf is err, a group check's *Error, as one of the topic
// service; nil stays nil.
func topicErrOf(err error) error {
	var e *Error
	if errors.As(err, &e) {
		e.Service = ServiceCommunity
	}
	return err
}

// CreateTopic creates a topic in a Community that supports topics
// (create_topic) and returns its TopicID. The request is checked locally
// first (see CreateTopicRequest.Validate). The service answers 10010 for
// a group that does not exist and CodeTopicsNotSupported for one that
// does not support topics. It is a write, sent once.
func (s *GroupService) CreateTopic(ctx context.Context, req *CreateTopicRequest) (string, error) {
	var resp CreateTopicResponse
	if err := s.c.callValid(ctx, ServiceCommunity, CommandCreateTopic, req, &resp); err != nil {
		return "", err
	}
	return resp.TopicID, nil
}

// DestroyTopics deletes topics of a Community (destroy_topic) and returns
// one result per topic, in order: ErrorCode 0 deleted, CodeTopicGone
// already deleted or unknown. The request is checked locally first (see
// DestroyTopicRequest.Validate). The service answers 10010 for a group
// that does not exist and CodeTopicsNotSupported for one that does not
// support topics. It is a write, sent once.
func (s *GroupService) DestroyTopics(ctx context.Context, groupID string, topicIDs ...string) ([]TopicResult, error) {
	req := DestroyTopicRequest{GroupID: groupID, TopicIDList: topicIDs}
	var resp DestroyTopicResponse
	if err := s.c.callValid(ctx, ServiceCommunity, CommandDestroyTopic, &req, &resp); err != nil {
		return nil, err
	}
	return resp.DestroyResultItem, nil
}
