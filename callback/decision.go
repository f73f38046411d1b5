package callback

import (
	"fmt"
	"strconv"

	"github.com/imconsole/imconsole/restapi"
)

// Answer codes of before-event callbacks.
const (
	CodeAllow  = 0 // let the event happen
	CodeRefuse = 1 // refuse it: the sender gets 20006 (C2C) or 10016 (group)
	CodeDrop   = 2 // drop a message silently: the sender sees success
)

// Ranges of the custom codes a before-event handler may answer, passed to
// the sender with their ErrorInfo: [MinC2CCode, MaxC2CCode] for
// C2C.CallbackBeforeSendMsg, [MinGroupCode, MaxGroupCode] for the group
// before-callbacks.
const (
	MinC2CCode   = 120001
	MaxC2CCode   = 130000
	MinGroupCode = 10100
	MaxGroupCode = 10200
)

// Decision is the answer to a before-event callback, and the JSON body
// of every answer (with ActionStatus): Code is CodeAllow, CodeRefuse,
// CodeDrop or a custom code, Info its ErrorInfo, which reaches the sender
// with a custom code only (a refusal's sender gets just 20006 or 10016).
// With CodeAllow, a non-nil MsgBody replaces a message's body and a
// non-nil CloudCustomData its CloudCustomData. Build one with Allow,
// Refuse, Drop or Reject.
type Decision struct {
	Code            int               `json:"ErrorCode"`
	Info            string            `json:"ErrorInfo"`
	MsgBody         []restapi.Element `json:"MsgBody,omitempty"`
	CloudCustomData *string           `json:"CloudCustomData,omitempty"`
}

// String shows d as its fields, CloudCustomData by its text, so that %v
// of a decision shows what it replaces, not an address; e.g.
// {Code:0 Info: MsgBody:[{"MsgType":"TIMTextElem",...}] CloudCustomData:"x"}.
func (d Decision) String() string {
	data := "<nil>"
	if d.CloudCustomData != nil {
		data = strconv.Quote(*d.CloudCustomData)
	}
	return fmt.Sprintf("{Code:%d Info:%s MsgBody:%v CloudCustomData:%s}", d.Code, d.Info, d.MsgBody, data)
}

// Allow lets the event happen unchanged.
func Allow() Decision { return Decision{} }

// Refuse refuses the event (ErrorCode 1); info says why, to Tencent's
// record of the callback, not to the sender (it gets 20006 or 10016: use
// Reject to tell the sender why).
func Refuse(info string) Decision { return Decision{Code: CodeRefuse, Info: info} }

// Drop drops a message silently (ErrorCode 2): it is not delivered and
// the sender sees success. Group creation cannot be dropped.
func Drop() Decision { return Decision{Code: CodeDrop} }

// Reject refuses the event with a custom code that reaches the sender
// with info: in [MinC2CCode, MaxC2CCode] for one-to-one messages,
// [MinGroupCode, MaxGroupCode] for groups.
func Reject(code int, info string) Decision { return Decision{Code: code, Info: info} }

// WithMsgBody returns d replacing the message's body with body; d must
// allow (Code 0): otherwise Check refuses the result, and a Handler
// whose func returns it refuses the event.
func (d Decision) WithMsgBody(body ...restapi.Element) Decision {
	d.MsgBody = body
	return d
}

// WithCloudCustomData returns d replacing the message's CloudCustomData
// with data; d must allow (Code 0): otherwise Check refuses the result,
// and a Handler whose func returns it refuses the event.
func (d Decision) WithCloudCustomData(data string) Decision {
	d.CloudCustomData = &data
	return d
}

// Check returns nil when d is a valid answer to command: a code the
// command documents, and a replaced body or CloudCustomData only when
// allowing a message. After-event commands take only Allow. Otherwise its
// error says what the command does not take.
func (d Decision) Check(command string) error {
	modifies := d.MsgBody != nil || d.CloudCustomData != nil
	message := command == CommandC2CBeforeSendMsg || command == CommandGroupBeforeSendMsg
	switch {
	case modifies && !message:
		return fmt.Errorf("callback: a %s answer cannot replace MsgBody or CloudCustomData; only message before-callbacks can", command)
	case modifies && d.Code != CodeAllow:
		return fmt.Errorf("callback: a decision replacing MsgBody or CloudCustomData must allow (Code 0), not %d", d.Code)
	case d.Code == CodeAllow:
		return nil
	}
	switch command {
	case CommandC2CBeforeSendMsg:
		if d.Code == CodeRefuse || d.Code == CodeDrop || d.Code >= MinC2CCode && d.Code <= MaxC2CCode {
			return nil
		}
		return fmt.Errorf("callback: code %d is not an answer to %s; use 1 (refuse), 2 (drop) or a code in [%d, %d]", d.Code, command, MinC2CCode, MaxC2CCode)
	case CommandGroupBeforeSendMsg, CommandGroupBeforeCreate:
		if d.Code == CodeRefuse || d.Code == CodeDrop && command == CommandGroupBeforeSendMsg || d.Code >= MinGroupCode && d.Code <= MaxGroupCode {
			return nil
		}
		return fmt.Errorf("callback: code %d is not an answer to %s; use 1 (refuse)%s or a code in [%d, %d]", d.Code, command, map[bool]string{true: ", 2 (drop)"}[command == CommandGroupBeforeSendMsg], MinGroupCode, MaxGroupCode)
	}
	return fmt.Errorf("callback: %s is not a before-event command; its answer is always Allow", command)
}
