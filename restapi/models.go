package restapi

import "github.com/imconsole/imconsole/internal/rules"

// Services and commands of the REST API this package wraps. Call reaches
// any other command by name.
const (
	ServiceLogin = "im_open_login_svc"   // accounts
	ServiceGroup = "group_open_http_svc" // groups

	CommandAccountImport      = "account_import"
	CommandMultiAccountImport = "multiaccount_import"
	CommandAccountCheck       = "account_check"
	CommandAccountDelete      = "account_delete"
	CommandCreateGroup        = "create_group"
	CommandDestroyGroup       = "destroy_group"
	CommandGetGroupInfo       = "get_group_info"
)

// Limits Tencent documents for these commands. Helpers split larger
// inputs into several requests.
const (
	MaxAccountsPerRequest   = 100                  // multiaccount_import, account_check, account_delete
	MaxGroupsPerInfoRequest = 50                   // get_group_info
	MaxUserIDBytes          = rules.MaxUserIDBytes // 32
	MaxProfileValueBytes    = 500                  // Nick, FaceURL of account_import
	MaxTrialAccounts        = 100                  // imported accounts of a trial app (70398)
	MaxGroupNameBytes       = 30
	MaxGroupIntroBytes      = 240
	MaxGroupNoticeBytes     = 300
	MaxGroupFaceURLBytes    = 100
	MaxGroupIDBytes         = 48
	MaxInitialGroupMembers  = 100
)

// Envelope is the status part of every REST API response: ActionStatus
// "OK" or "FAIL", ErrorCode 0 on success. An answer without ActionStatus
// but with an ErrorCode (getnospeaking's, as Tencent's sample writes it)
// is read by its ErrorCode; a body with neither is not an answer. Call
// turns a failure into an *Error, so typed responses need not embed it.
type Envelope struct {
	ActionStatus string `json:"ActionStatus"`
	ErrorCode    int    `json:"ErrorCode"`
	ErrorInfo    string `json:"ErrorInfo"`
	ErrorDisplay string `json:"ErrorDisplay,omitempty"`
}

// Account is an account to import (account_import takes one as its whole
// body; multiaccount_import a list). UserID is required: 1-32 bytes of
// printable ASCII. Nick and FaceURL set the profile (at most 500 bytes
// each); importing an existing account updates them. Tencent also takes
// account_import's UserID under its older name Identifier; the client
// sends UserID.
type Account struct {
	UserID  string `json:"UserID"`
	Nick    string `json:"Nick,omitempty"`
	FaceURL string `json:"FaceUrl,omitempty"`
}

// MultiAccountImportRequest is the body of multiaccount_import: 1-100
// accounts. Tencent also takes its older form {"Accounts":["UserID_1",...]}
// (accounts without profiles); the client sends AccountList.
type MultiAccountImportRequest struct {
	AccountList []Account `json:"AccountList"`
}

// MultiAccountImportResponse lists the accounts that were not imported.
type MultiAccountImportResponse struct {
	FailAccounts []string `json:"FailAccounts,omitempty"`
}

// UserItem names one account in CheckItem and DeleteItem.
type UserItem struct {
	UserID string `json:"UserID"`
}

// AccountCheckRequest is the body of account_check: 1-100 accounts.
type AccountCheckRequest struct {
	CheckItem []UserItem `json:"CheckItem"`
}

// Account statuses of account_check.
const (
	AccountImported    = "Imported"
	AccountNotImported = "NotImported"
)

// AccountCheckResult is the answer for one account of account_check.
type AccountCheckResult struct {
	UserID        string `json:"UserID"`
	ResultCode    int    `json:"ResultCode"`
	ResultInfo    string `json:"ResultInfo"`
	AccountStatus string `json:"AccountStatus"` // AccountImported or AccountNotImported
}

// AccountCheckResponse is the answer of account_check, one item per
// account asked.
type AccountCheckResponse struct {
	ResultItem []AccountCheckResult `json:"ResultItem"`
}

// AccountDeleteRequest is the body of account_delete: 1-100 accounts.
type AccountDeleteRequest struct {
	DeleteItem []UserItem `json:"DeleteItem"`
}

// AccountDeleteResult is the answer for one account of account_delete:
// ResultCode 0 when deleted, 70107 when it was not imported.
type AccountDeleteResult struct {
	ResultCode int    `json:"ResultCode"`
	ResultInfo string `json:"ResultInfo"`
	UserID     string `json:"UserID"`
}

// AccountDeleteResponse is the answer of account_delete.
type AccountDeleteResponse struct {
	ResultItem []AccountDeleteResult `json:"ResultItem"`
}

// GroupType is the type of a group (create_group's Type), one of the
// Group constants; it cannot be changed after creation.
type GroupType string

// Group types of create_group. The console calls Private "Work" and
// ChatRoom "Meeting": GroupWork and GroupMeeting are the same values, and
// the wire only takes "Private" and "ChatRoom".
const (
	GroupPrivate    GroupType = "Private"
	GroupWork                 = GroupPrivate
	GroupPublic     GroupType = "Public"
	GroupChatRoom   GroupType = "ChatRoom"
	GroupMeeting              = GroupChatRoom
	GroupAVChatRoom GroupType = "AVChatRoom"
	GroupCommunity  GroupType = "Community"
)

// JoinOption says how users join a group (ApplyJoinOption), one of the
// Join constants.
type JoinOption string

// Join options of a group.
const (
	JoinFreeAccess     JoinOption = "FreeAccess"
	JoinNeedPermission JoinOption = "NeedPermission"
	JoinDisableApply   JoinOption = "DisableApply"
)

// InviteOption says whether members may invite others into a group
// (InviteJoinOption of modify_group_base_info), one of the Invite
// constants.
type InviteOption string

// Invite options of a group.
const (
	InviteFreeAccess     InviteOption = "FreeAccess"
	InviteNeedPermission InviteOption = "NeedPermission"
	InviteDisabled       InviteOption = "DisableInvite"
)

// GroupRole is a member's role in a group, one of the Role constants.
type GroupRole string

// Roles of group members. A group has one Owner; create_group takes
// RoleAdmin or "" (RoleMember) for its initial members.
const (
	RoleOwner  GroupRole = "Owner"
	RoleAdmin  GroupRole = "Admin"
	RoleMember GroupRole = "Member"
)

// MuteAll says whether a group's ordinary members are muted
// (MuteAllMember): MuteAllOn or MuteAllOff.
type MuteAll string

// Values of MuteAllMember.
const (
	MuteAllOn  MuteAll = "On"
	MuteAllOff MuteAll = "Off"
)

// KeyValue is one item of AppDefinedData / AppMemberDefinedData.
type KeyValue struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// GroupMember is one initial member of create_group. Role is "" (a
// Member) or RoleAdmin.
type GroupMember struct {
	MemberAccount        string     `json:"Member_Account"`
	Role                 GroupRole  `json:"Role,omitempty"`
	AppMemberDefinedData []KeyValue `json:"AppMemberDefinedData,omitempty"`
}

// CreateGroupRequest is the body of create_group. Type and Name are
// required; OwnerAccount and every member must be imported accounts.
// Leave GroupID empty to have one assigned ("@TGS#..."); a custom one is
// 1-48 bytes of printable ASCII, and starts with "@TGS#_" for a Community
// and never with "@TGS#" otherwise.
type CreateGroupRequest struct {
	OwnerAccount    string        `json:"Owner_Account,omitempty"`
	Type            GroupType     `json:"Type"`
	GroupID         string        `json:"GroupId,omitempty"`
	Name            string        `json:"Name"`
	Introduction    string        `json:"Introduction,omitempty"`
	Notification    string        `json:"Notification,omitempty"`
	FaceURL         string        `json:"FaceUrl,omitempty"`
	MaxMemberCount  int           `json:"MaxMemberCount,omitempty"`
	ApplyJoinOption JoinOption    `json:"ApplyJoinOption,omitempty"`
	AppDefinedData  []KeyValue    `json:"AppDefinedData,omitempty"`
	MemberList      []GroupMember `json:"MemberList,omitempty"`
	SupportTopic    int           `json:"SupportTopic,omitempty"` // 1: a Community with topics
}

// CreateGroupResponse carries the new group's ID.
type CreateGroupResponse struct {
	GroupID string `json:"GroupId"`
}

// DestroyGroupRequest is the body of destroy_group.
type DestroyGroupRequest struct {
	GroupID string `json:"GroupId"`
}

// GroupResponseFilter selects the fields get_group_info returns: once set,
// only those it names (by wire name: "Name", "ShutUpAllMember", "Role",
// ...), members only with a MemberInfoFilter, custom data only of the keys
// its AppDefinedData filters name.
type GroupResponseFilter struct {
	GroupBaseInfoFilter             []string `json:"GroupBaseInfoFilter,omitempty"`
	MemberInfoFilter                []string `json:"MemberInfoFilter,omitempty"`
	AppDefinedDataFilterGroup       []string `json:"AppDefinedDataFilter_Group,omitempty"`
	AppDefinedDataFilterGroupMember []string `json:"AppDefinedDataFilter_GroupMember,omitempty"`
}

// GetGroupInfoRequest is the body of get_group_info: 1-50 groups.
type GetGroupInfoRequest struct {
	GroupIDList    []string             `json:"GroupIdList"`
	ResponseFilter *GroupResponseFilter `json:"ResponseFilter,omitempty"`
}

// GroupMemberInfo is a member as get_group_info and get_group_member_info
// report it: its role, when it joined (Unix seconds), and ShutUpUntil, the
// Unix second its mute in the group ends (0 none, MutedForever for
// permanent).
type GroupMemberInfo struct {
	MemberAccount string    `json:"Member_Account"`
	Role          GroupRole `json:"Role,omitempty"`     // "" only when a MemberInfoFilter leaves it out
	JoinTime      int64     `json:"JoinTime,omitempty"` // likewise 0
	ShutUpUntil   int64     `json:"ShutUpUntil,omitempty"`
	// AppMemberDefinedData is the member's custom data (create_group's
	// AppMemberDefinedData), of the keys the request's
	// AppDefinedDataFilter_GroupMember names.
	AppMemberDefinedData []KeyValue `json:"AppMemberDefinedData,omitempty"`
	// NameCard and MsgFlag are what modify_group_member_info set last
	// (empty until then).
	NameCard string  `json:"NameCard,omitempty"`
	MsgFlag  MsgFlag `json:"MsgFlag,omitempty"`
	// LastSendMsgTime is when the member last sent a message to the group
	// (Unix seconds; 0 never); MsgSeq the MsgSeq up to which it has read
	// (CN 269/112002 names both; the reference server does not track
	// reads and leaves MsgSeq 0).
	LastSendMsgTime int64  `json:"LastSendMsgTime,omitempty"`
	MsgSeq          uint64 `json:"MsgSeq,omitempty"`
}

// GroupInfo is one group of get_group_info. ErrorCode is not 0 for a
// group that could not be read (10010: it does not exist or was
// dissolved); the other fields are then empty.
type GroupInfo struct {
	GroupID         string            `json:"GroupId"`
	ErrorCode       int               `json:"ErrorCode"`
	ErrorInfo       string            `json:"ErrorInfo"`
	Type            GroupType         `json:"Type,omitempty"`
	Name            string            `json:"Name,omitempty"`
	AppID           uint64            `json:"Appid,omitempty"` // the SDKAppID
	Introduction    string            `json:"Introduction,omitempty"`
	Notification    string            `json:"Notification,omitempty"`
	FaceURL         string            `json:"FaceUrl,omitempty"`
	OwnerAccount    string            `json:"Owner_Account,omitempty"`
	CreateTime      int64             `json:"CreateTime,omitempty"`
	LastInfoTime    int64             `json:"LastInfoTime,omitempty"`
	LastMsgTime     int64             `json:"LastMsgTime,omitempty"`
	NextMsgSeq      int64             `json:"NextMsgSeq,omitempty"`
	MemberNum       int               `json:"MemberNum,omitempty"`
	MaxMemberNum    int               `json:"MaxMemberNum,omitempty"`
	ApplyJoinOption JoinOption        `json:"ApplyJoinOption,omitempty"`
	MuteAllMember   MuteAll           `json:"MuteAllMember,omitempty"` // decoded from the older ShutUpAllMember too
	AppDefinedData  []KeyValue        `json:"AppDefinedData,omitempty"`
	MemberList      []GroupMemberInfo `json:"MemberList,omitempty"`
}

// GetGroupInfoResponse is the answer of get_group_info, one item per
// group asked.
type GetGroupInfoResponse struct {
	GroupInfo []GroupInfo `json:"GroupInfo"`
}
