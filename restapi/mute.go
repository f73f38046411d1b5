package restapi

import (
	"context"
	"fmt"
	"time"

	"github.com/imconsole/imconsole/internal/rules"
)

// Service and commands of global mute.
const (
	ServiceOpenConfig = "openconfigsvr"

	CommandSetNoSpeaking = "setnospeaking"
	CommandGetNoSpeaking = "getnospeaking"
)

// MutedForever is the mute time Tencent reads as permanent (4294967295 s),
// for the fields that take seconds; MuteForever is the same as a
// time.Duration, for the methods that take one.
const MutedForever uint32 = 1<<32 - 1

// MuteSeconds is d as a mute time for MuteRequest's optional (pointer)
// fields: whole seconds, rounded up, at most MutedForever; 0 or less lifts
// the mute. BanSeconds is the same as a plain uint32.
func MuteSeconds(d time.Duration) *uint32 {
	s := uint32(0)
	if d > 0 {
		secs := d / time.Second // rounded up below; d+time.Second-1 would overflow near math.MaxInt64
		if d%time.Second != 0 {
			secs++
		}
		s = uint32(min(secs, time.Duration(MutedForever)))
	}
	return &s
}

// MuteRequest is the body of setnospeaking: mute times in seconds (0
// lifts, MutedForever is permanent); a nil time is left as it is, and at
// least one is required.
type MuteRequest struct {
	SetAccount             string  `json:"Set_Account"`
	C2CMsgNoSpeakingTime   *uint32 `json:"C2CmsgNospeakingTime,omitempty"`
	GroupMsgNoSpeakingTime *uint32 `json:"GroupmsgNospeakingTime,omitempty"`
}

// Validate checks a setnospeaking body with the codes of Tencent's page
// (CN 4230, INTL 34923): Set_Account given (130004) and a UserID
// (130005), at least one mute time given (130008).
func (r *MuteRequest) Validate() error {
	if err := checkMuteAccount(CommandSetNoSpeaking, "Set_Account", r.SetAccount, CodeMuteSetAccountMissing, CodeMuteSetAccountInvalid); err != nil {
		return err
	}
	if r.C2CMsgNoSpeakingTime == nil && r.GroupMsgNoSpeakingTime == nil {
		return muteErr(CommandSetNoSpeaking, CodeMuteTimeMissing, "set C2CmsgNospeakingTime, GroupmsgNospeakingTime or both (seconds; 0 lifts the mute)")
	}
	return nil
}

// checkMuteAccount checks the account field of a global mute command:
// missing (absent or empty) answers missingCode, not a UserID badCode.
func checkMuteAccount(command, field, id string, missingCode, badCode int) error {
	if id == "" {
		return muteErr(command, missingCode, "%s is missing; name the account", field)
	}
	if !rules.ValidUserID(id) {
		return muteErr(command, badCode, "%s %q is not a UserID (1-%d bytes of printable ASCII); name an imported account", field, id, rules.MaxUserIDBytes)
	}
	return nil
}

// muteErr is an openconfigsvr error of a Validate method.
func muteErr(command string, code int, format string, args ...any) error {
	return invalid(ServiceOpenConfig, command, code, fmt.Sprintf(format, args...))
}

// GetMuteRequest is the body of getnospeaking.
type GetMuteRequest struct {
	GetAccount string `json:"Get_Account"`
}

// Validate checks a getnospeaking body with the codes of Tencent's page
// (CN 4229, INTL 34924): Get_Account given (130002) and a UserID
// (130003).
func (r *GetMuteRequest) Validate() error {
	return checkMuteAccount(CommandGetNoSpeaking, "Get_Account", r.GetAccount, CodeMuteGetAccountMissing, CodeMuteGetAccountInvalid)
}

// MuteStatus is the answer of getnospeaking: the seconds each mute has
// left, 0 for none, MutedForever for permanent.
type MuteStatus struct {
	C2CMsgNoSpeakingTime   uint32 `json:"C2CmsgNospeakingTime"`
	GroupMsgNoSpeakingTime uint32 `json:"GroupmsgNospeakingTime"`
}

// String describes the status, e.g. "C2C muted 60s, group not muted".
func (m MuteStatus) String() string {
	part := func(s uint32) string {
		switch s {
		case 0:
			return "not muted"
		case MutedForever:
			return "muted forever"
		}
		return fmt.Sprintf("muted %ds", s)
	}
	return "C2C " + part(m.C2CMsgNoSpeakingTime) + ", group " + part(m.GroupMsgNoSpeakingTime)
}

// MuteService mutes accounts app-wide (openconfigsvr). Reach it as
// Client.Mute.
type MuteService struct {
	c *Client
}

// Set mutes req.SetAccount (setnospeaking) in one-to-one messages, group
// messages or both, until the times run out: what the account sends from
// the client SDKs fails with 20012 (one-to-one) and 10017 (group), and
// Groups.SendMessage from it with 10017; Messages.Send from it still
// succeeds, as REST sendmsg makes no mute check. The request
// is checked locally first (130004, 130005, 130008: ErrInvalidRequest);
// an account that is not imported fails with 70107
// (ErrAccountNotImported).
func (s *MuteService) Set(ctx context.Context, req *MuteRequest) error {
	if req == nil {
		return muteErr(CommandSetNoSpeaking, CodeMuteSetAccountMissing, "Mute.Set needs a *MuteRequest with Set_Account and a mute time")
	}
	return s.c.callValid(ctx, ServiceOpenConfig, CommandSetNoSpeaking, req, nil)
}

// Get returns the mute time an account has left (getnospeaking). An
// empty userID fails with 130002 and one that is not a UserID with 130003
// before sending (ErrInvalidRequest), an account that is not imported
// with 70107 (ErrAccountNotImported).
func (s *MuteService) Get(ctx context.Context, userID string) (MuteStatus, error) {
	req := GetMuteRequest{GetAccount: userID}
	var resp MuteStatus
	err := s.c.callValid(ctx, ServiceOpenConfig, CommandGetNoSpeaking, &req, &resp)
	return resp, err
}
