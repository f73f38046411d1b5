package restapi

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/imconsole/imconsole/internal/rules"
)

// The Validate methods check a request as the service does, returning the
// *Error it answers (same code, same Info) or nil. The client runs them
// before sending; the reference server (imtest) runs the same ones.

// Validate checks an account_import body: a UserID of 1-32 printable
// ASCII bytes (70402) and a Nick and FaceUrl of at most 500 bytes each
// (40601).
func (a *Account) Validate() error {
	return a.validate(CommandAccountImport, "")
}

func (a *Account) validate(command, where string) error {
	if err := checkUserID(command, where+"UserID", a.UserID); err != nil {
		return err
	}
	for _, f := range [...]struct{ name, v string }{{"Nick", a.Nick}, {"FaceUrl", a.FaceURL}} {
		if len(f.v) > MaxProfileValueBytes {
			return invalid(ServiceLogin, command, CodeProfileValueTooLong,
				fmt.Sprintf("%s%s is %d bytes; a profile value is at most %d bytes", where, f.name, len(f.v), MaxProfileValueBytes))
		}
	}
	return nil
}

// Validate checks a multiaccount_import body: 1-100 accounts (70402 for
// none, 70206 for more), each as Account.Validate checks one.
func (r *MultiAccountImportRequest) Validate() error {
	if err := checkCount(CommandMultiAccountImport, "AccountList", len(r.AccountList)); err != nil {
		return err
	}
	for i := range r.AccountList {
		if err := r.AccountList[i].validate(CommandMultiAccountImport, "AccountList["+strconv.Itoa(i)+"]."); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks an account_check body: 1-100 UserIDs (70402 for none
// or an empty one, 70206 for more).
func (r *AccountCheckRequest) Validate() error {
	return checkItems(CommandAccountCheck, "CheckItem", r.CheckItem)
}

// Validate checks an account_delete body: 1-100 UserIDs (70402 for none
// or an empty one, 70206 for more).
func (r *AccountDeleteRequest) Validate() error {
	return checkItems(CommandAccountDelete, "DeleteItem", r.DeleteItem)
}

func checkItems(command, field string, items []UserItem) error {
	if err := checkCount(command, field, len(items)); err != nil {
		return err
	}
	for i, it := range items {
		if it.UserID == "" {
			return invalid(ServiceLogin, command, CodeInvalidParameter, fmt.Sprintf("%s[%d].UserID is empty; name an account", field, i))
		}
	}
	return nil
}

func checkCount(command, field string, n int) error {
	if n == 0 {
		return invalid(ServiceLogin, command, CodeInvalidParameter, field+" is empty; name at least one account")
	}
	if n > MaxAccountsPerRequest {
		return invalid(ServiceLogin, command, CodeInvalidBatchCount,
			fmt.Sprintf("%s has %d accounts; at most %d per request (the client's helpers split larger lists)", field, n, MaxAccountsPerRequest))
	}
	return nil
}

// checkUserID enforces Tencent's UserID rule: 1-32 bytes of printable
// ASCII (0x20-0x7e).
func checkUserID(command, field, id string) error {
	if id == "" {
		return invalid(ServiceLogin, command, CodeInvalidParameter, field+" is empty; it is required")
	}
	if len(id) > rules.MaxUserIDBytes {
		return invalid(ServiceLogin, command, CodeInvalidParameter, fmt.Sprintf("%s is %d bytes; a UserID is at most %d bytes", field, len(id), rules.MaxUserIDBytes))
	}
	if rules.NonPrintable(id) >= 0 {
		return invalid(ServiceLogin, command, CodeInvalidParameter, field+" has a character outside printable ASCII (0x20-0x7e)")
	}
	return nil
}

func groupErr(command string, code int, format string, args ...any) error {
	return invalid(ServiceGroup, command, code, fmt.Sprintf(format, args...))
}

// Validate checks a create_group body: Type is one of the five group
// types, Name 1-30 bytes, Introduction ≤ 240, Notification ≤ 300, FaceURL
// ≤ 100 bytes, at most 100 initial members (none for an AVChatRoom,
// 10007), a valid custom GroupID and ApplyJoinOption. Codes: 10004, and
// 10007 for members of an AVChatRoom.
func (r *CreateGroupRequest) Validate() error {
	const cmd = CommandCreateGroup
	switch r.Type {
	case GroupPrivate, GroupPublic, GroupChatRoom, GroupAVChatRoom, GroupCommunity:
	case "":
		return groupErr(cmd, CodeGroupInvalidParam, "Type is required: Private, Public, ChatRoom, AVChatRoom or Community")
	default:
		return groupErr(cmd, CodeGroupInvalidParam, "Type %q is not a group type: use Private (Work), Public, ChatRoom (Meeting), AVChatRoom or Community", r.Type)
	}
	if r.Name == "" {
		return groupErr(cmd, CodeGroupInvalidParam, "Name is required")
	}
	if err := checkGroupTexts(cmd, r.Name, r.Introduction, r.Notification, r.FaceURL); err != nil {
		return err
	}
	if r.OwnerAccount != "" && !rules.ValidUserID(r.OwnerAccount) {
		return groupErr(cmd, CodeGroupInvalidParam, "Owner_Account is not a UserID (1-32 bytes of printable ASCII)")
	}
	if err := checkGroupID(cmd, r.Type, r.GroupID); err != nil {
		return err
	}
	if err := checkApplyJoin(cmd, r.ApplyJoinOption); err != nil {
		return err
	}
	if r.MaxMemberCount < 0 {
		return groupErr(cmd, CodeGroupInvalidParam, "MaxMemberCount %d is negative", r.MaxMemberCount)
	}
	if r.SupportTopic != 0 && (r.SupportTopic != 1 || r.Type != GroupCommunity) {
		return groupErr(cmd, CodeGroupInvalidParam, "SupportTopic is 1 only for a Community, 0 otherwise")
	}
	if len(r.MemberList) > 0 && r.Type == GroupAVChatRoom {
		return groupErr(cmd, CodeGroupNoPermission, "an AVChatRoom has no members at creation; leave MemberList empty")
	}
	if len(r.MemberList) > MaxInitialGroupMembers {
		return groupErr(cmd, CodeGroupInvalidParam, "MemberList has %d members; at most %d at creation (add the others later)", len(r.MemberList), MaxInitialGroupMembers)
	}
	for i, m := range r.MemberList {
		if !rules.ValidUserID(m.MemberAccount) {
			return groupErr(cmd, CodeGroupInvalidParam, "MemberList[%d].Member_Account is not a UserID (1-32 bytes of printable ASCII)", i)
		}
		if m.Role != "" && m.Role != "Admin" {
			return groupErr(cmd, CodeGroupInvalidParam, "MemberList[%d].Role %q is not allowed; leave it empty or use Admin", i, m.Role)
		}
	}
	return nil
}

// checkGroupID checks a custom GroupID (empty: assigned by the service).
func checkGroupID(command string, groupType GroupType, id string) error {
	if id == "" {
		return nil
	}
	if len(id) > MaxGroupIDBytes || rules.NonPrintable(id) >= 0 {
		return groupErr(command, CodeGroupIDInvalid, "GroupId %q is not 1-%d bytes of printable ASCII", id, MaxGroupIDBytes)
	}
	if groupType == GroupCommunity {
		if !strings.HasPrefix(id, "@TGS#_") {
			return groupErr(command, CodeGroupIDInvalid, "a custom Community GroupId starts with @TGS#_")
		}
	} else if strings.HasPrefix(id, "@TGS#") {
		return groupErr(command, CodeGroupIDInvalid, "a custom GroupId cannot start with @TGS# (kept for assigned IDs); leave GroupId empty to get one")
	}
	return nil
}

// Validate checks a destroy_group body: GroupID is required (10004) and
// 1-48 bytes of printable ASCII (10015, a code of CN 1624's table).
func (r *DestroyGroupRequest) Validate() error {
	return checkTargetGroup(CommandDestroyGroup, r.GroupID)
}

// Validate checks a get_group_info body: 1-50 non-empty GroupIDs.
func (r *GetGroupInfoRequest) Validate() error {
	const cmd = CommandGetGroupInfo
	if len(r.GroupIDList) == 0 {
		return groupErr(cmd, CodeGroupInvalidParam, "GroupIdList is empty; name at least one group")
	}
	if len(r.GroupIDList) > MaxGroupsPerInfoRequest {
		return groupErr(cmd, CodeGroupInvalidParam, "GroupIdList has %d groups; at most %d per request (Groups.Get splits larger lists)", len(r.GroupIDList), MaxGroupsPerInfoRequest)
	}
	for i, id := range r.GroupIDList {
		if id == "" {
			return groupErr(cmd, CodeGroupInvalidParam, "GroupIdList[%d] is empty", i)
		}
	}
	return nil
}

// checkGroupTexts checks the lengths of a group's Name, Introduction,
// Notification and FaceUrl (10004 for one too long).
func checkGroupTexts(cmd, name, intro, notice, faceURL string) error {
	for _, f := range [...]struct {
		name string
		v    string
		max  int
	}{
		{"Name", name, MaxGroupNameBytes},
		{"Introduction", intro, MaxGroupIntroBytes},
		{"Notification", notice, MaxGroupNoticeBytes},
		{"FaceUrl", faceURL, MaxGroupFaceURLBytes},
	} {
		if len(f.v) > f.max {
			return groupErr(cmd, CodeGroupInvalidParam, "%s is %d bytes; at most %d bytes (UTF-8)", f.name, len(f.v), f.max)
		}
	}
	return nil
}

// checkMuteAll checks a MuteAllMember value: empty (unchanged), MuteAllOn
// or MuteAllOff (10004).
func checkMuteAll(cmd string, v MuteAll) error {
	switch v {
	case "", MuteAllOn, MuteAllOff:
		return nil
	}
	return groupErr(cmd, CodeGroupInvalidParam, "MuteAllMember %q is not On or Off", v)
}

// checkApplyJoin checks an ApplyJoinOption: empty or one of the three
// (10004).
func checkApplyJoin(cmd string, opt JoinOption) error {
	switch opt {
	case "", JoinFreeAccess, JoinNeedPermission, JoinDisableApply:
		return nil
	}
	return groupErr(cmd, CodeGroupInvalidParam, "ApplyJoinOption %q is not FreeAccess, NeedPermission or DisableApply", opt)
}

// repeated returns the first of keys that an earlier one repeats, and
// whether there is one, in time linear in len(keys).
func repeated(keys []string) (string, bool) {
	seen := make(map[string]struct{}, len(keys))
	for _, k := range keys {
		if _, ok := seen[k]; ok {
			return k, true
		}
		seen[k] = struct{}{}
	}
	return "", false
}
