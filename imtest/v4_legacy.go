package imtest

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/imconsole/imconsole/restapi"
)

// The older request field names Tencent still takes (docs/protocol.md,
// "Legacy request fields accepted"). restapi's request types read only
// the names the client sends; the bodies below are those requests as
// the server reads them, each rule written once, in its body's
// UnmarshalJSON. A body embeds its request, so its handler reads the
// request's fields and v4Decode runs the request's Validate.

// accountBody is account_import's body: UserID, or when it is empty its
// older name Identifier (read only then, so an Identifier beside a UserID
// is not looked at).
type accountBody struct{ restapi.Account }

// UnmarshalJSON reads the body, its older names included.
func (b *accountBody) UnmarshalJSON(data []byte) error {
	if err := json.Unmarshal(data, &b.Account); err != nil || b.UserID != "" {
		return err
	}
	var older struct {
		Identifier string `json:"Identifier"`
	}
	err := decodeAs[restapi.Account](data, &older)
	b.UserID = older.Identifier
	return err
}

// multiAccountBody is multiaccount_import's body: AccountList, or when it
// is absent or empty the older {"Accounts":["UserID_1",...]} (accounts
// without profiles). AccountList entries take UserID only: they never
// had an Identifier.
type multiAccountBody struct {
	restapi.MultiAccountImportRequest
}

// UnmarshalJSON reads the body, its older names included.
func (b *multiAccountBody) UnmarshalJSON(data []byte) error {
	w := struct {
		*restapi.MultiAccountImportRequest
		Accounts []string `json:"Accounts"`
	}{MultiAccountImportRequest: &b.MultiAccountImportRequest}
	if err := decodeAs[restapi.MultiAccountImportRequest](data, &w); err != nil || len(b.AccountList) > 0 {
		return err
	}
	for _, id := range w.Accounts {
		b.AccountList = append(b.AccountList, restapi.Account{UserID: id})
	}
	return nil
}

// kickBody is kick's body: UserID, or when it is empty its older name
// Identifier (both decoded, so either of the wrong type is 60015).
type kickBody struct{ restapi.KickRequest }

// UnmarshalJSON reads the body, its older names included.
func (b *kickBody) UnmarshalJSON(data []byte) error {
	w := struct {
		*restapi.KickRequest
		Identifier string `json:"Identifier"`
	}{KickRequest: &b.KickRequest}
	err := decodeAs[restapi.KickRequest](data, &w)
	b.UserID = cmp.Or(b.UserID, w.Identifier)
	return err
}

// forbidSendMsgBody is forbid_send_msg's body: MuteTime, or when it is
// absent (or null) its older name ShutUpTime.
type forbidSendMsgBody struct {
	restapi.ForbidSendMsgRequest
}

// UnmarshalJSON reads the body, its older names included.
func (b *forbidSendMsgBody) UnmarshalJSON(data []byte) error {
	w := struct {
		*restapi.ForbidSendMsgRequest
		MuteTime   *uint32 `json:"MuteTime"` // over the request's, to tell 0 from absent
		ShutUpTime *uint32 `json:"ShutUpTime"`
	}{ForbidSendMsgRequest: &b.ForbidSendMsgRequest}
	err := decodeAs[restapi.ForbidSendMsgRequest](data, &w)
	if t := cmp.Or(w.MuteTime, w.ShutUpTime); t != nil {
		b.MuteTime = *t
	}
	return err
}

// modifyMemberBody is modify_group_member_info's body: the mute is
// ShutUpTime, the name Tencent's web SDK sends for this command, or when
// it is absent (or null) MuteTime, the name Tencent's pages now give
// forbid_send_msg's.
type modifyMemberBody struct {
	restapi.ModifyGroupMemberInfoRequest
}

// UnmarshalJSON reads the body, its older names included.
func (b *modifyMemberBody) UnmarshalJSON(data []byte) error {
	w := struct {
		*restapi.ModifyGroupMemberInfoRequest
		MuteTime *uint32 `json:"MuteTime"`
	}{ModifyGroupMemberInfoRequest: &b.ModifyGroupMemberInfoRequest}
	err := decodeAs[restapi.ModifyGroupMemberInfoRequest](data, &w)
	b.ShutUpTime = cmp.Or(b.ShutUpTime, w.MuteTime)
	return err
}

// setMsgReadBody is admin_set_msg_read's body: MsgReadTime a JSON integer
// or a string of one, as Tencent's pages disagree on its type (CN
// 269/50349 Integer, INTL 1047/38996 String).
type setMsgReadBody struct{ restapi.SetMsgReadRequest }

// UnmarshalJSON reads the body, its older names included.
func (b *setMsgReadBody) UnmarshalJSON(data []byte) error {
	w := struct {
		*restapi.SetMsgReadRequest
		MsgReadTime json.RawMessage `json:"MsgReadTime"` // over the request's
	}{SetMsgReadRequest: &b.SetMsgReadRequest}
	if err := decodeAs[restapi.SetMsgReadRequest](data, &w); err != nil {
		return err
	}
	t, err := readTime(w.MsgReadTime)
	b.MsgReadTime = t
	return err
}

// readTime decodes an admin_set_msg_read MsgReadTime: a JSON integer or a
// string of decimal digits; absent, null or "" is 0.
func readTime(v json.RawMessage) (int64, error) {
	if len(v) == 0 || string(v) == "null" {
		return 0, nil
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		if s == "" {
			return 0, nil
		}
		v = json.RawMessage(s)
	}
	t, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("MsgReadTime %s is not Unix seconds (an integer, or a string of one)", v)
	}
	return t, nil
}

// decodeAs decodes data into wire, an unnamed struct of the older names
// beside a *R (the request), with json's type errors worded as for
// decoding an R: json names a field by its path from the struct
// decoded, the embedded R's own name first (KickRequest.UserID), and
// the wire type for a body that is no object. v4Decode reads the field
// of a type error (60015 for an account), so it must be UserID.
func decodeAs[R any](data []byte, wire any) error {
	err := json.Unmarshal(data, wire)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		req := reflect.TypeFor[R]()
		te.Field = strings.TrimPrefix(te.Field, req.Name()+".")
		switch {
		case te.Field == "":
			te.Type = req
		case te.Struct == "":
			te.Struct = req.Name()
		}
	}
	return err
}
