package restapi

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/imconsole/imconsole/internal/rules"
)

// ServiceCommunity serves the topics of a Community created with
// SupportTopic 1 (million_group_open_http_svc).
const ServiceCommunity = "million_group_open_http_svc"

// Topic commands of a Community (million_group_open_http_svc).
const (
	CommandCreateTopic  = "create_topic"
	CommandDestroyTopic = "destroy_topic"
	CommandGetTopic     = "get_topic"
	CommandModifyTopic  = "modify_topic"
)

// Topic limits Tencent documents. A topic's TopicName, Introduction,
// Notification and FaceUrl have the group's limits (MaxGroupNameBytes,
// MaxGroupIntroBytes, MaxGroupNoticeBytes, MaxGroupFaceURLBytes).
const (
	MaxTopicIDBytes      = 96   // a whole custom TopicId
	MaxTopicCustomString = 3000 // create_topic's and modify_topic's CustomString, in bytes
)

// TopicIDMark separates a Community's GroupId from the rest of a
// TopicId: a topic of group G is G + TopicIDMark + its own part.
const TopicIDMark = "@TOPIC#_"

// CodeTopicsNotSupported is answered for a topic command on a group that
// does not support topics: not a Community, or one created without
// SupportTopic 1.
const CodeTopicsNotSupported = 11000

// Per-topic codes of destroy_topic's DestroyResultItem. CodeTopicGone
// is also what imtest answers for a topic get_topic or modify_topic
// names that does not exist (the server's choice: those pages' error
// tables were not read).
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
	if err := checkTopicFields(cmd, r.TopicName, r.Introduction, r.Notification, r.FaceURL, r.CustomString, r.FromAccount); err != nil {
		return err
	}
	return checkCustomTopicID(cmd, r.GroupID, r.TopicID)
}

// checkTopicFields checks the profile fields create_topic and
// modify_topic share (10004): the group's limits for TopicName,
// Introduction, Notification and FaceUrl, CustomString at most
// MaxTopicCustomString bytes, From_Account a UserID when set.
func checkTopicFields(cmd, name, intro, notice, faceURL, custom, from string) error {
	if err := topicErrOf(checkGroupTexts(cmd, name, intro, notice, faceURL)); err != nil {
		return err
	}
	if n := len(custom); n > MaxTopicCustomString {
		return topicErr(cmd, CodeGroupInvalidParam, "CustomString is %d bytes; at most %d bytes", n, MaxTopicCustomString)
	}
	if from == "" {
		return nil
	}
	return topicErrOf(checkGroupAccount(cmd, "From_Account", from))
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
	return checkTopicIDs(cmd, r.TopicIDList)
}

// checkTopicIDs checks that no TopicId of a TopicIdList is empty (10004).
func checkTopicIDs(cmd string, ids []string) error {
	for i, id := range ids {
		if id == "" {
			return topicErr(cmd, CodeGroupInvalidParam, "TopicIdList[%d] is empty", i)
		}
	}
	return nil
}

// GetTopicRequest is the body of get_topic: the topics TopicIDList of
// the Community GroupID (empty: all of them) and FromAccount's own
// information in each. ResponseFilter names the TopicInfo fields to
// answer (TopicName, FaceUrl, Notification, Introduction, ...); set, the
// fields it does not name are not answered.
type GetTopicRequest struct {
	GroupID        string   `json:"GroupId"`
	FromAccount    string   `json:"From_Account"`
	TopicIDList    []string `json:"TopicIdList,omitempty"`
	ResponseFilter []string `json:"ResponseFilter,omitempty"`
}

// TopicInfo is a topic's profile as get_topic answers it, with the wire
// names Tencent's Java REST SDK decodes (GroupID so spelled; the page's
// answer table was not read). CreateTime and LastMsgTime are Unix
// seconds; ShutUpAllFlag is 1 while every member is muted (modify_topic's
// MuteAllMember On). The fields a ResponseFilter leaves out are zero.
type TopicInfo struct {
	TopicID       string `json:"TopicId"`
	GroupID       string `json:"GroupID,omitempty"`
	TopicName     string `json:"TopicName,omitempty"`
	FaceURL       string `json:"FaceUrl,omitempty"`
	Notification  string `json:"Notification,omitempty"`
	Introduction  string `json:"Introduction,omitempty"`
	CustomString  string `json:"CustomString,omitempty"`
	CreateTime    int64  `json:"CreateTime,omitempty"`
	LastMsgTime   int64  `json:"LastMsgTime,omitempty"`
	NextMsgSeq    uint64 `json:"NextMsgSeq,omitempty"`
	ShutUpAllFlag int    `json:"ShutUpAllFlag,omitempty"`
}

// TopicSelfInfo is get_topic's From_Account in one topic: ShutUpTime the
// end of its mute (Unix seconds, 0 when not muted), MsgSeq the last
// message it read, MsgFlag how it receives messages.
type TopicSelfInfo struct {
	ShutUpTime int64   `json:"ShutUpTime"`
	MsgSeq     uint64  `json:"MsgSeq"`
	MsgFlag    MsgFlag `json:"MsgFlag,omitempty"`
}

// TopicAndSelfInfo is one topic's item of get_topic: ErrorCode 0 with
// its TopicInfo and From_Account's SelfInfo (nil when not a member), or
// another code (CodeTopicGone from imtest for an unknown topic) with
// TopicInfo.TopicID only.
type TopicAndSelfInfo struct {
	ErrorCode int            `json:"ErrorCode"`
	ErrorInfo string         `json:"ErrorInfo"`
	TopicInfo TopicInfo      `json:"TopicInfo"`
	SelfInfo  *TopicSelfInfo `json:"SelfInfo,omitempty"`
}

// GetTopicResponse is the answer of get_topic, one item per topic.
type GetTopicResponse struct {
	TopicAndSelfInfo []TopicAndSelfInfo `json:"TopicAndSelfInfo"`
}

// Validate checks a get_topic body (10004 unless said): the GroupId
// (10015 malformed), From_Account a UserID (required) and no TopicId of
// TopicIdList empty.
func (r *GetTopicRequest) Validate() error {
	const cmd = CommandGetTopic
	if err := topicErrOf(checkTargetGroup(cmd, r.GroupID)); err != nil {
		return err
	}
	if r.FromAccount == "" {
		return topicErr(cmd, CodeGroupInvalidParam, "From_Account is required: name the member whose SelfInfo to answer")
	}
	if err := topicErrOf(checkGroupAccount(cmd, "From_Account", r.FromAccount)); err != nil {
		return err
	}
	return checkTopicIDs(cmd, r.TopicIDList)
}

// ModifyTopicRequest is the body of modify_topic: change the fields set
// of the topic TopicID of the Community GroupID (an empty field is left
// as it is). MuteAllMember MuteAllOn mutes the topic's members, MuteAllOff
// lifts it. FromAccount is the member making the change.
type ModifyTopicRequest struct {
	GroupID       string  `json:"GroupId"`
	TopicID       string  `json:"TopicId"`
	FromAccount   string  `json:"From_Account,omitempty"`
	TopicName     string  `json:"TopicName,omitempty"`
	FaceURL       string  `json:"FaceUrl,omitempty"`
	Notification  string  `json:"Notification,omitempty"`
	Introduction  string  `json:"Introduction,omitempty"`
	MuteAllMember MuteAll `json:"MuteAllMember,omitempty"`
	CustomString  string  `json:"CustomString,omitempty"`
}

// Validate checks a modify_topic body (10004 unless said): the GroupId
// (10015 malformed), a TopicId, TopicName at most 30 bytes, Introduction
// 240, Notification 300, FaceUrl 100, CustomString 3000, MuteAllMember
// On or Off and From_Account a UserID when set.
func (r *ModifyTopicRequest) Validate() error {
	const cmd = CommandModifyTopic
	if err := topicErrOf(checkTargetGroup(cmd, r.GroupID)); err != nil {
		return err
	}
	if r.TopicID == "" {
		return topicErr(cmd, CodeGroupInvalidParam, "TopicId is required: name the topic to change")
	}
	if err := checkTopicFields(cmd, r.TopicName, r.Introduction, r.Notification, r.FaceURL, r.CustomString, r.FromAccount); err != nil {
		return err
	}
	return topicErrOf(checkMuteAll(cmd, r.MuteAllMember))
}

// topicErr is the *Error a topic command's Validate returns.
func topicErr(command string, code int, format string, args ...any) error {
	return topicErrOf(groupErr(command, code, format, args...))
}

// topicErrOf is err, a group check's *Error, as one of the topic
// service; nil stays nil.
func topicErrOf(err error) error { return inService(ServiceCommunity, err) }

// inService is err, a check's *Error, as one of service (a group check
// run for a topic or group attribute command); nil stays nil.
func inService(service string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		e.Service = service
	}
	return err
}

// CreateTopic creates a topic in a Community that supports topics
// (create_topic) and returns its TopicID. The request is checked locally
// first (see CreateTopicRequest.Validate). The service answers 10010 for
// a group that does not exist and CodeTopicsNotSupported for one that
// does not support topics. It is a write, sent once.
func (s *GroupService) CreateTopic(ctx context.Context, req *CreateTopicRequest) (string, error) {
	if req == nil {
		return "", errors.New("restapi: Groups.CreateTopic needs a *CreateTopicRequest with GroupId and TopicName")
	}
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

// Topics answers the profiles of a Community's topics (get_topic): those
// of req.TopicIDList in order, every topic in creation order when it is
// empty, each with req.FromAccount's SelfInfo. An item's ErrorCode is not
// 0 for a topic that does not exist. The request is checked locally first
// (see GetTopicRequest.Validate). The service answers 10010 for a group
// that does not exist and CodeTopicsNotSupported for one that does not
// support topics. It is a read, resent after a 5xx.
func (s *GroupService) Topics(ctx context.Context, req *GetTopicRequest) ([]TopicAndSelfInfo, error) {
	if req == nil {
		return nil, errors.New("restapi: Groups.Topics needs a *GetTopicRequest with GroupId and From_Account")
	}
	var resp GetTopicResponse
	if err := s.c.callValid(ctx, ServiceCommunity, CommandGetTopic, req, &resp); err != nil {
		return nil, err
	}
	return resp.TopicAndSelfInfo, nil
}

// UpdateTopic changes a topic's profile (modify_topic): the fields set.
// The request is checked locally first (see ModifyTopicRequest.Validate).
// The service answers 10010 for a group that does not exist,
// CodeTopicsNotSupported for one that does not support topics (and
// imtest CodeTopicGone for a topic that does not exist). It is a write,
// sent once.
func (s *GroupService) UpdateTopic(ctx context.Context, req *ModifyTopicRequest) error {
	if req == nil {
		return errors.New("restapi: Groups.UpdateTopic needs a *ModifyTopicRequest with GroupId and TopicId")
	}
	return s.c.callValid(ctx, ServiceCommunity, CommandModifyTopic, req, nil)
}

// MuteTopicMembers is MuteMembers in the Community topic topicID
// (forbid_send_msg with TopicId; "" is the group itself): muted there, and
// only there, the accounts' send_group_msg to the topic fails with 10017,
// and the topic's mute is kept apart from the group's. imtest answers
// CodeTopicsNotSupported for a group without topics and CodeTopicGone for
// a topic the group does not have.
func (s *GroupService) MuteTopicMembers(ctx context.Context, groupID, topicID string, d time.Duration, userIDs ...string) error {
	req := ForbidSendMsgRequest{GroupID: groupID, TopicID: topicID, MuteTime: *MuteSeconds(d)}
	return s.perChunk(ctx, CommandForbidSendMsg, userIDs, MaxMuteMembersPerRequest, &req, &req.MembersAccount)
}

// TopicMutedMembers is MutedMembers of the Community topic topicID
// (get_group_muted_account with TopicId; "" is the group itself): the
// accounts muted in that topic, not those muted group-wide. imtest answers
// as MuteTopicMembers for a group without topics or without the topic.
func (s *GroupService) TopicMutedMembers(ctx context.Context, groupID, topicID string) ([]MutedMember, error) {
	req := GetGroupMutedAccountRequest{GroupID: groupID, TopicID: topicID}
	var resp GetGroupMutedAccountResponse
	if err := s.c.callValid(ctx, ServiceGroup, CommandGetGroupMutedAccount, &req, &resp); err != nil {
		return nil, err
	}
	return resp.MutedAccountList, nil
}
