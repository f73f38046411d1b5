package callback

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/imconsole/imconsole/restapi"
)

// Callback commands (CallbackCommand), one per event type of this
// package.
const (
	CommandStateChange        = "State.StateChange"
	CommandC2CBeforeSendMsg   = "C2C.CallbackBeforeSendMsg"
	CommandC2CAfterSendMsg    = "C2C.CallbackAfterSendMsg"
	CommandGroupBeforeCreate  = "Group.CallbackBeforeCreateGroup"
	CommandGroupAfterCreate   = "Group.CallbackAfterCreateGroup"
	CommandGroupBeforeSendMsg = "Group.CallbackBeforeSendMsg"
	CommandGroupAfterSendMsg  = "Group.CallbackAfterSendMsg"
	CommandGroupMemberJoin    = "Group.CallbackAfterNewMemberJoin"
	CommandGroupMemberExit    = "Group.CallbackAfterMemberExit"
	CommandGroupDestroyed     = "Group.CallbackAfterGroupDestroyed"
	CommandFriendAdd          = "Sns.CallbackFriendAdd"
	CommandFriendDelete       = "Sns.CallbackFriendDelete"
	CommandPortraitSet        = "Profile.CallbackPortraitSet"
	CommandBlackListAdd       = "Sns.CallbackBlackListAdd"
	CommandBlackListDelete    = "Sns.CallbackBlackListDelete"
	CommandC2CMsgWithdrawn    = "C2C.CallbackAfterMsgWithDraw"
	CommandGroupMsgRecalled   = "Group.CallbackAfterRecallMsg"
	CommandGroupOwnerChanged  = "Group.CallbackAfterChangeGroupOwner"
	CommandGroupInfoChanged   = "Group.CallbackAfterGroupInfoChanged"
	CommandGroupFull          = "Group.CallbackAfterGroupFull"
	CommandTopicCreated       = "Group.CallbackAfterCreateTopic"
	CommandTopicDestroyed     = "Group.CallbackAfterTopicDestroyed"
	CommandC2CMsgModified     = "C2C.CallbackAfterModifyMsg"
	CommandGroupMsgModified   = "Group.CallbackAfterModifyMsg"
	CommandTopicInfoChanged   = "Group.CallbackAfterTopicInfoChanged"
)

// Commands are the callback commands this package decodes, in the order
// of the constants above.
func Commands() []string {
	return []string{
		CommandStateChange, CommandC2CBeforeSendMsg, CommandC2CAfterSendMsg,
		CommandGroupBeforeCreate, CommandGroupAfterCreate, CommandGroupBeforeSendMsg, CommandGroupAfterSendMsg,
		CommandGroupMemberJoin, CommandGroupMemberExit, CommandGroupDestroyed,
		CommandFriendAdd, CommandFriendDelete, CommandPortraitSet,
		CommandBlackListAdd, CommandBlackListDelete,
		CommandC2CMsgWithdrawn, CommandGroupMsgRecalled, CommandGroupOwnerChanged,
		CommandGroupInfoChanged, CommandGroupFull,
		CommandTopicCreated, CommandTopicDestroyed,
		CommandC2CMsgModified, CommandGroupMsgModified, CommandTopicInfoChanged,
	}
}

// OptPlatform values: where the event came from. PlatformRESTAPI is the
// one of events caused by REST API calls. State.StateChange spells iOS
// PlatformIOSState; every other command PlatformIOS.
const (
	PlatformRESTAPI  = "RESTAPI"
	PlatformWeb      = "Web"
	PlatformAndroid  = "Android"
	PlatformIOS      = "iOS"
	PlatformIOSState = "IOS"
	PlatformWindows  = "Windows"
	PlatformMac      = "Mac"
	PlatformIPad     = "iPad"
	PlatformUnknown  = "Unknown"
)

// Meta is what the query of a callback request says about it: the app,
// the command, the client's IP, its platform (OptPlatform) and, with
// callback auth on, the RequestTime it was signed at (zero otherwise).
// Every event embeds it; it is not part of the JSON body.
type Meta struct {
	SDKAppID uint64
	// Command is the query's CallbackCommand, as every event's Command
	// method returns it. On an event, e.Command names that method (which
	// hides this field): call e.Command(), or read e.Meta.Command.
	Command     string
	ClientIP    string
	OptPlatform string
	RequestTime time.Time
}

// Metadata returns m, so every event's Meta can be reached through
// Event.
func (m *Meta) Metadata() *Meta { return m }

// Event is one decoded callback: one of the event types of this package,
// or *RawEvent.
type Event interface {
	// Command is the event's CallbackCommand.
	Command() string
	// Metadata is the event's Meta.
	Metadata() *Meta
}

// EventTime is a time in Unix milliseconds, as group, state and profile
// callbacks carry it. It is sent as a JSON number; a JSON string of
// digits (seen in Tencent's samples) is accepted too.
type EventTime int64

// Time is the EventTime as a time.Time.
func (t EventTime) Time() time.Time { return time.UnixMilli(int64(t)) }

// UnmarshalJSON reads a number or a string of digits, and leaves t as
// it is for null (as encoding/json does for the types it decodes itself);
// it fails for anything else.
func (t *EventTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) > 1 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("EventTime must be Unix milliseconds (a number); got %.20q", b)
	}
	*t = EventTime(n)
	return nil
}

// Actions and reasons of State.StateChange.
const (
	ActionLogin      = "Login"      // Reason ReasonRegister
	ActionLogout     = "Logout"     // Reason ReasonUnregister
	ActionDisconnect = "Disconnect" // Reason ReasonLinkClose or ReasonTimeOut
	ReasonRegister   = "Register"
	ReasonUnregister = "Unregister"
	ReasonLinkClose  = "LinkClose"
	ReasonTimeOut    = "TimeOut"
)

// StateChange (State.StateChange) says an account went online or
// offline; KickedDevice lists the platforms a Login pushed out.
type StateChange struct {
	Meta         `json:"-"`
	EventTime    EventTime      `json:"EventTime"`
	Info         StateInfo      `json:"Info"`
	KickedDevice []KickedDevice `json:"KickedDevice,omitempty"`
}

// StateInfo is the Info of a StateChange: Action and Reason are the
// Action and Reason constants.
type StateInfo struct {
	Action    string `json:"Action"`
	ToAccount string `json:"To_Account"`
	Reason    string `json:"Reason"`
}

// KickedDevice is one platform a Login logged out.
type KickedDevice struct {
	Platform string `json:"Platform"`
}

// C2CMessage is a one-to-one message as its callbacks describe it.
// MsgTime is in Unix seconds.
type C2CMessage struct {
	FromAccount     string            `json:"From_Account"`
	ToAccount       string            `json:"To_Account"`
	MsgSeq          uint32            `json:"MsgSeq"`
	MsgRandom       uint32            `json:"MsgRandom"`
	MsgTime         int64             `json:"MsgTime"`
	MsgKey          string            `json:"MsgKey"`
	MsgID           string            `json:"MsgId,omitempty"`
	OnlineOnlyFlag  int               `json:"OnlineOnlyFlag"`
	MsgBody         []restapi.Element `json:"MsgBody"`
	CloudCustomData string            `json:"CloudCustomData,omitempty"`
}

// C2CBeforeSendMsg (C2C.CallbackBeforeSendMsg) asks whether a one-to-one
// message may be sent; also sent for REST sendmsg, never for
// batchsendmsg. Answer with a Decision: Allow, Refuse (the sender gets
// 20006), Drop, Reject with a code in [120001, 130000], or Allow with a
// replaced MsgBody or CloudCustomData.
type C2CBeforeSendMsg struct {
	Meta `json:"-"`
	C2CMessage
}

// C2CAfterSendMsg (C2C.CallbackAfterSendMsg) reports a one-to-one message
// sent (with the body a before-callback set): SendMsgResult 0 and
// ErrorInfo "send msg succeed" on success, UnreadMsgNum the recipient's
// unread one-to-one messages (-1 when delivery failed).
type C2CAfterSendMsg struct {
	Meta `json:"-"`
	C2CMessage
	SendMsgResult int    `json:"SendMsgResult"`
	ErrorInfo     string `json:"ErrorInfo"`
	UnreadMsgNum  int    `json:"UnreadMsgNum"`
}

// GroupBeforeCreate (Group.CallbackBeforeCreateGroup) asks whether a
// group may be created; CreateGroupNum is how many groups of the type the
// owner created already. Answer Allow, Refuse (the caller gets 10016) or
// Reject with a code in [10100, 10200].
type GroupBeforeCreate struct {
	Meta            `json:"-"`
	OperatorAccount string                  `json:"Operator_Account"`
	OwnerAccount    string                  `json:"Owner_Account"`
	Type            restapi.GroupType       `json:"Type"`
	Name            string                  `json:"Name"`
	CreateGroupNum  int                     `json:"CreateGroupNum"`
	MemberList      []restapi.MemberAccount `json:"MemberList"`
	EventTime       EventTime               `json:"EventTime"`
}

// GroupAfterCreate (Group.CallbackAfterCreateGroup) reports a group
// created; UserDefinedDataList is its AppDefinedData.
type GroupAfterCreate struct {
	Meta                `json:"-"`
	GroupID             string                  `json:"GroupId"`
	OperatorAccount     string                  `json:"Operator_Account"`
	OwnerAccount        string                  `json:"Owner_Account"`
	Type                restapi.GroupType       `json:"Type"`
	Name                string                  `json:"Name"`
	MemberList          []restapi.MemberAccount `json:"MemberList"`
	UserDefinedDataList []restapi.KeyValue      `json:"UserDefinedDataList,omitempty"`
	EventTime           EventTime               `json:"EventTime"`
}

// GroupMessage is a group message as its callbacks describe it; Random is
// the sender's (send_group_msg's Random), TopicID set in topic
// communities.
type GroupMessage struct {
	GroupID         string            `json:"GroupId"`
	Type            restapi.GroupType `json:"Type"`
	FromAccount     string            `json:"From_Account"`
	OperatorAccount string            `json:"Operator_Account"`
	Random          uint32            `json:"Random"`
	MsgID           string            `json:"MsgId,omitempty"`
	OnlineOnlyFlag  int               `json:"OnlineOnlyFlag"`
	MsgBody         []restapi.Element `json:"MsgBody"`
	CloudCustomData string            `json:"CloudCustomData,omitempty"`
	TopicID         string            `json:"TopicId,omitempty"`
	EventTime       EventTime         `json:"EventTime"`
}

// GroupBeforeSendMsg (Group.CallbackBeforeSendMsg) asks whether a group
// message may be sent. Answer Allow, Refuse (the sender gets 10016),
// Drop, Reject with a code in [10100, 10200], or Allow with a replaced
// MsgBody or CloudCustomData.
type GroupBeforeSendMsg struct {
	Meta `json:"-"`
	GroupMessage
}

// GroupAfterSendMsg (Group.CallbackAfterSendMsg) reports a group message
// sent: MsgSeq its sequence in the group, MsgTime in Unix seconds.
type GroupAfterSendMsg struct {
	Meta `json:"-"`
	GroupMessage
	MsgSeq      uint64            `json:"MsgSeq"`
	MsgTime     int64             `json:"MsgTime"`
	GroupAtInfo []restapi.GroupAt `json:"GroupAtInfo,omitempty"`
}

// Join and exit types of GroupMemberJoin and GroupMemberExit.
const (
	JoinApply   = "Apply"
	JoinInvited = "Invited"
	ExitKicked  = "Kicked"
	ExitQuit    = "Quit"
)

// GroupMemberJoin (Group.CallbackAfterNewMemberJoin) reports accounts
// that joined a group; JoinType is JoinApply or JoinInvited.
type GroupMemberJoin struct {
	Meta            `json:"-"`
	GroupID         string                  `json:"GroupId"`
	Type            restapi.GroupType       `json:"Type"`
	JoinType        string                  `json:"JoinType"`
	OperatorAccount string                  `json:"Operator_Account"`
	NewMemberList   []restapi.MemberAccount `json:"NewMemberList"`
	EventTime       EventTime               `json:"EventTime"`
}

// GroupMemberExit (Group.CallbackAfterMemberExit) reports accounts that
// left a group; ExitType is ExitKicked or ExitQuit.
type GroupMemberExit struct {
	Meta            `json:"-"`
	GroupID         string                  `json:"GroupId"`
	Type            restapi.GroupType       `json:"Type"`
	ExitType        string                  `json:"ExitType"`
	OperatorAccount string                  `json:"Operator_Account"`
	ExitMemberList  []restapi.MemberAccount `json:"ExitMemberList"`
	EventTime       EventTime               `json:"EventTime"`
}

// GroupDestroyed (Group.CallbackAfterGroupDestroyed) reports a group
// dissolved, with its members (none for a Community).
type GroupDestroyed struct {
	Meta         `json:"-"`
	GroupID      string                  `json:"GroupId"`
	Type         restapi.GroupType       `json:"Type"`
	OwnerAccount string                  `json:"Owner_Account"`
	Name         string                  `json:"Name"`
	MemberList   []restapi.MemberAccount `json:"MemberList,omitempty"`
	EventTime    EventTime               `json:"EventTime"`
}

// FriendPair is one friendship of a relationship callback: FromAccount's
// list gained (or lost) ToAccount; InitiatorAccount asked for it.
type FriendPair struct {
	FromAccount      string `json:"From_Account"`
	ToAccount        string `json:"To_Account"`
	InitiatorAccount string `json:"Initiator_Account,omitempty"`
}

// FriendAdd (Sns.CallbackFriendAdd) reports friendships made. ClientCmd
// is friend_add or friend_response (FriendAdd, FriendResponse from some
// clients); AdminAccount is the admin when the REST API made them;
// ForceFlag 1 means they were forced. friend_import sends none.
type FriendAdd struct {
	Meta         `json:"-"`
	PairList     []FriendPair `json:"PairList"`
	ClientCmd    string       `json:"ClientCmd"`
	AdminAccount string       `json:"Admin_Account"`
	ForceFlag    int          `json:"ForceFlag"`
}

// FriendDelete (Sns.CallbackFriendDelete) reports friendships ended.
type FriendDelete struct {
	Meta     `json:"-"`
	PairList []FriendPair `json:"PairList"`
}

// PortraitSet (Profile.CallbackPortraitSet) reports profile fields set:
// OperatorAccount set FromAccount's ProfileItem.
type PortraitSet struct {
	Meta            `json:"-"`
	OperatorAccount string                `json:"Operator_Account"`
	FromAccount     string                `json:"From_Account"`
	EventTime       EventTime             `json:"EventTime"`
	ProfileItem     []restapi.ProfileItem `json:"ProfileItem"`
}

// BlackListAdd (Sns.CallbackBlackListAdd) reports accounts added to
// blacklists: each pair's FromAccount added its ToAccount.
type BlackListAdd struct {
	Meta     `json:"-"`
	PairList []FriendPair `json:"PairList"`
}

// BlackListDelete (Sns.CallbackBlackListDelete) reports accounts taken
// out of blacklists: each pair's FromAccount took out its ToAccount.
type BlackListDelete struct {
	Meta     `json:"-"`
	PairList []FriendPair `json:"PairList"`
}

// C2CMsgWithdrawn (C2C.CallbackAfterMsgWithDraw) reports a one-to-one
// message recalled, by a client or by REST admin_msgwithdraw: MsgKey
// names it, UnreadMsgNum is ToAccount's unread one-to-one messages (the
// INTL page's field) and EventTime when it happened (the CN page's).
type C2CMsgWithdrawn struct {
	Meta         `json:"-"`
	FromAccount  string    `json:"From_Account"`
	ToAccount    string    `json:"To_Account"`
	MsgKey       string    `json:"MsgKey"`
	UnreadMsgNum int       `json:"UnreadMsgNum"`
	EventTime    EventTime `json:"EventTime"`
}

// C2CMsgModified (C2C.CallbackAfterModifyMsg, CN 269/128224) reports a
// one-to-one message edited, by a client or by REST modify_c2c_msg:
// OperatorAccount edited the message MsgKey of FromAccount to ToAccount,
// which now has MsgBody and CloudCustomData; EventTime is when.
type C2CMsgModified struct {
	Meta            `json:"-"`
	OperatorAccount string            `json:"Operator_Account"`
	FromAccount     string            `json:"From_Account"`
	ToAccount       string            `json:"To_Account"`
	MsgSeq          uint32            `json:"MsgSeq"`
	MsgRandom       uint32            `json:"MsgRandom"`
	MsgTime         int64             `json:"MsgTime"`
	MsgKey          string            `json:"MsgKey"`
	MsgBody         []restapi.Element `json:"MsgBody"`
	CloudCustomData string            `json:"CloudCustomData,omitempty"`
	EventTime       EventTime         `json:"EventTime"`
}

// RecalledMsg is one message of a GroupMsgRecalled: its MsgSeq in the
// group and, in Tencent's newer samples, its MsgId.
type RecalledMsg struct {
	MsgSeq uint64 `json:"MsgSeq"`
	MsgID  string `json:"MsgId,omitempty"`
}

// GroupMsgRecalled (Group.CallbackAfterRecallMsg) reports group messages
// recalled, by a client or by REST group_msg_recall: OperatorAccount
// recalled MsgSeqList, in the topic TopicID of a Community when set.
type GroupMsgRecalled struct {
	Meta            `json:"-"`
	OperatorAccount string            `json:"Operator_Account"`
	Type            restapi.GroupType `json:"Type"`
	GroupID         string            `json:"GroupId"`
	MsgSeqList      []RecalledMsg     `json:"MsgSeqList"`
	TopicID         string            `json:"TopicId,omitempty"`
	EventTime       EventTime         `json:"EventTime"`
}

// GroupOwnerChanged (Group.CallbackAfterChangeGroupOwner) reports a group
// handed from OldOwnerAccount to NewOwnerAccount, by a client or by REST
// change_group_owner.
type GroupOwnerChanged struct {
	Meta            `json:"-"`
	GroupID         string            `json:"GroupId"`
	Type            restapi.GroupType `json:"Type"`
	OperatorAccount string            `json:"Operator_Account"`
	OldOwnerAccount string            `json:"OldOwner_Account"`
	NewOwnerAccount string            `json:"NewOwner_Account"`
	EventTime       EventTime         `json:"EventTime"`
}

// GroupInfoChanged (Group.CallbackAfterGroupInfoChanged) reports a
// group's name, introduction, notification or face URL changed, by a
// client or by REST modify_group_base_info; only those four trigger it,
// and only the fields changed are set (the others are empty).
type GroupInfoChanged struct {
	Meta            `json:"-"`
	GroupID         string            `json:"GroupId"`
	Type            restapi.GroupType `json:"Type"`
	OperatorAccount string            `json:"Operator_Account"`
	Name            string            `json:"Name,omitempty"`
	Introduction    string            `json:"Introduction,omitempty"`
	Notification    string            `json:"Notification,omitempty"`
	FaceURL         string            `json:"FaceUrl,omitempty"`
	EventTime       EventTime         `json:"EventTime"`
}

// GroupFull (Group.CallbackAfterGroupFull) reports a group full: members
// joining (by a client, or REST add_group_member) filled it, or could
// not join because it was full.
type GroupFull struct {
	Meta      `json:"-"`
	GroupID   string    `json:"GroupId"`
	EventTime EventTime `json:"EventTime"`
}

// TopicCreated (Group.CallbackAfterCreateTopic) reports a topic created
// in the Community GroupID by OperatorAccount, named Name. Tencent's
// sample has no EventTime.
type TopicCreated struct {
	Meta                `json:"-"`
	GroupID             string             `json:"GroupId"`
	TopicID             string             `json:"TopicId"`
	OperatorAccount     string             `json:"Operator_Account"`
	OwnerAccount        string             `json:"Owner_Account"`
	Type                restapi.GroupType  `json:"Type"`
	Name                string             `json:"Name"`
	UserDefinedDataList []restapi.KeyValue `json:"UserDefinedDataList,omitempty"`
}

// TopicDestroyed (Group.CallbackAfterTopicDestroyed) reports topics
// deleted from the Community GroupID. Tencent's sample has no EventTime.
type TopicDestroyed struct {
	Meta        `json:"-"`
	GroupID     string            `json:"GroupId"`
	Type        restapi.GroupType `json:"Type"`
	TopicIDList []string          `json:"TopicIdList"`
}

// GroupMsgModified (Group.CallbackAfterModifyMsg, CN 269/129193) reports
// a group message edited, by a client or by REST modify_group_msg:
// OperatorAccount edited the message MsgSeq of the group GroupID (of its
// topic TopicID, empty outside topics), which now has MsgBody; EventTime
// is when. The page's body has no group Type and no CloudCustomData.
type GroupMsgModified struct {
	Meta            `json:"-"`
	OperatorAccount string            `json:"Operator_Account"`
	GroupID         string            `json:"GroupId"`
	TopicID         string            `json:"TopicId"`
	MsgSeq          uint64            `json:"MsgSeq"`
	MsgBody         []restapi.Element `json:"MsgBody"`
	EventTime       EventTime         `json:"EventTime"`
}

// TopicInfoChanged (Group.CallbackAfterTopicInfoChanged, INTL 1047/49466,
// CN 269/78209) reports a topic's name, introduction, notification or
// face URL changed in the Community GroupID, by a client or by REST
// modify_topic; only those four trigger it, and only the fields changed
// are set (the others are empty). Tencent's sample and field table have
// neither a TopicId nor an EventTime.
type TopicInfoChanged struct {
	Meta            `json:"-"`
	GroupID         string            `json:"GroupId"`
	Type            restapi.GroupType `json:"Type"`
	OperatorAccount string            `json:"Operator_Account"`
	Name            string            `json:"Name,omitempty"`
	Introduction    string            `json:"Introduction,omitempty"`
	Notification    string            `json:"Notification,omitempty"`
	FaceURL         string            `json:"FaceUrl,omitempty"`
}

// RawEvent is a callback as received, for commands without a typed
// handler (see WithFallback): Body is the JSON body.
type RawEvent struct {
	Meta
	Body json.RawMessage
}

// Command is the event's CallbackCommand.
func (*StateChange) Command() string { return CommandStateChange }

// Command is the event's CallbackCommand.
func (*C2CBeforeSendMsg) Command() string { return CommandC2CBeforeSendMsg }

// Command is the event's CallbackCommand.
func (*C2CAfterSendMsg) Command() string { return CommandC2CAfterSendMsg }

// Command is the event's CallbackCommand.
func (*GroupBeforeCreate) Command() string { return CommandGroupBeforeCreate }

// Command is the event's CallbackCommand.
func (*GroupAfterCreate) Command() string { return CommandGroupAfterCreate }

// Command is the event's CallbackCommand.
func (*GroupBeforeSendMsg) Command() string { return CommandGroupBeforeSendMsg }

// Command is the event's CallbackCommand.
func (*GroupAfterSendMsg) Command() string { return CommandGroupAfterSendMsg }

// Command is the event's CallbackCommand.
func (*GroupMemberJoin) Command() string { return CommandGroupMemberJoin }

// Command is the event's CallbackCommand.
func (*GroupMemberExit) Command() string { return CommandGroupMemberExit }

// Command is the event's CallbackCommand.
func (*GroupDestroyed) Command() string { return CommandGroupDestroyed }

// Command is the event's CallbackCommand.
func (*FriendAdd) Command() string { return CommandFriendAdd }

// Command is the event's CallbackCommand.
func (*FriendDelete) Command() string { return CommandFriendDelete }

// Command is the event's CallbackCommand.
func (*PortraitSet) Command() string { return CommandPortraitSet }

// Command is the event's CallbackCommand.
func (*BlackListAdd) Command() string { return CommandBlackListAdd }

// Command is the event's CallbackCommand.
func (*BlackListDelete) Command() string { return CommandBlackListDelete }

// Command is the event's CallbackCommand.
func (*C2CMsgWithdrawn) Command() string { return CommandC2CMsgWithdrawn }

// Command is the event's CallbackCommand.
func (*GroupMsgRecalled) Command() string { return CommandGroupMsgRecalled }

// Command is the event's CallbackCommand.
func (*GroupOwnerChanged) Command() string { return CommandGroupOwnerChanged }

// Command is the event's CallbackCommand.
func (*GroupInfoChanged) Command() string { return CommandGroupInfoChanged }

// Command is the event's CallbackCommand.
func (*GroupFull) Command() string { return CommandGroupFull }

// Command is the event's CallbackCommand.
func (*TopicCreated) Command() string { return CommandTopicCreated }

// Command is the event's CallbackCommand.
func (*TopicDestroyed) Command() string { return CommandTopicDestroyed }

// Command is the event's CallbackCommand.
func (*C2CMsgModified) Command() string { return CommandC2CMsgModified }

// Command is the event's CallbackCommand.
func (*GroupMsgModified) Command() string { return CommandGroupMsgModified }

// Command is the event's CallbackCommand.
func (*TopicInfoChanged) Command() string { return CommandTopicInfoChanged }

// Command is the event's CallbackCommand, from its Meta.
func (e *RawEvent) Command() string { return e.Meta.Command }
