package restapi

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/imconsole/imconsole/internal/rules"
)

// Conversation list commands (recentcontact): get_list (CN 269/62118,
// INTL 1047/43087) and delete (CN 269/62119, INTL 1047/43088).
const (
	ServiceRecentContact = "recentcontact"

	CommandGetConversationList = "get_list"
	CommandDeleteConversation  = "delete"
)

// Conversation types of recentcontact.
const (
	ConversationC2C   = 1 // a one-to-one conversation
	ConversationGroup = 2 // a group conversation (G2C)
)

// AssistFlags bits of get_list: bit 0 supports pinned conversations, bit
// 1 returns empty conversations, bit 2 pages pinned conversations. The
// current page asks for 63 ("当前固定填 63 以获取完整会话数据"), which
// ConversationsAll is.
const (
	AssistPinned       = 1 << 0
	AssistEmpty        = 1 << 1
	AssistPinnedPaging = 1 << 2
	ConversationsAll   = 63
)

// Codes of recentcontact's tables (INTL 1047/43088).
const (
	CodeConvAccountNotImported = 50001 // the UserID was never imported
	CodeConvInvalidParam       = 50002 // a request parameter is wrong
	CodeConvNeedAdmin          = 50003 // the request needs an app admin
	CodeConvInternal           = 50004 // internal error: retry
	CodeConvTimeout            = 50005 // network timeout: retry later
)

// GetConversationListRequest is the body of get_list: one page of
// FromAccount's conversations. TimeStamp, StartIndex, TopTimeStamp and
// TopStartIndex are 0 for the first page, then what the previous page
// answered.
type GetConversationListRequest struct {
	FromAccount   string `json:"From_Account"`
	TimeStamp     int64  `json:"TimeStamp"`
	StartIndex    int    `json:"StartIndex"`
	TopTimeStamp  int64  `json:"TopTimeStamp"`
	TopStartIndex int    `json:"TopStartIndex"`
	AssistFlags   int    `json:"AssistFlags"`
}

// ConversationItem is one conversation of a get_list answer: ToAccount
// for a one-to-one conversation (Type ConversationC2C), GroupID for a
// group's (ConversationGroup), MsgTime its last message's time (Unix
// seconds), TopFlag 1 when it is pinned.
type ConversationItem struct {
	Type      int    `json:"Type"`
	ToAccount string `json:"To_Account,omitempty"`
	GroupID   string `json:"GroupId,omitempty"`
	MsgTime   int64  `json:"MsgTime"`
	TopFlag   int    `json:"TopFlag"`
}

// GetConversationListResponse is one page of get_list: CompleteFlag 1
// when every conversation was returned; otherwise ask again with the
// four cursors it answers.
type GetConversationListResponse struct {
	SessionItem   []ConversationItem `json:"SessionItem"`
	CompleteFlag  int                `json:"CompleteFlag"`
	TimeStamp     int64              `json:"TimeStamp"`
	StartIndex    int                `json:"StartIndex"`
	TopTimeStamp  int64              `json:"TopTimeStamp"`
	TopStartIndex int                `json:"TopStartIndex"`
}

// Validate checks a get_list body: From_Account a UserID, the cursors
// not negative (50002).
func (r *GetConversationListRequest) Validate() error {
	if !rules.ValidUserID(r.FromAccount) {
		return convErr(CommandGetConversationList, "From_Account %q is not a UserID; name an imported account", r.FromAccount)
	}
	if r.TimeStamp < 0 || r.StartIndex < 0 || r.TopTimeStamp < 0 || r.TopStartIndex < 0 {
		return convErr(CommandGetConversationList, "TimeStamp, StartIndex, TopTimeStamp and TopStartIndex are 0 for the first page, then what the last page answered")
	}
	return nil
}

// DeleteConversationRequest is the body of delete: FromAccount's
// conversation with ToAccount (Type ConversationC2C) or with the group
// ToGroupID (ConversationGroup) leaves its list. ClearRamble 1 also
// clears the conversation's roaming messages for FromAccount.
type DeleteConversationRequest struct {
	FromAccount string `json:"From_Account"`
	Type        int    `json:"Type"`
	ToAccount   string `json:"To_Account,omitempty"`
	ToGroupID   string `json:"ToGroupid,omitempty"`
	ClearRamble int    `json:"ClearRamble,omitempty"`
}

// Validate checks a delete body: From_Account a UserID, Type 1 with a
// To_Account UserID or 2 with a ToGroupid, ClearRamble 0 or 1 (50002).
func (r *DeleteConversationRequest) Validate() error {
	const cmd = CommandDeleteConversation
	if !rules.ValidUserID(r.FromAccount) {
		return convErr(cmd, "From_Account %q is not a UserID; name an imported account", r.FromAccount)
	}
	switch r.Type {
	case ConversationC2C:
		if !rules.ValidUserID(r.ToAccount) || r.ToGroupID != "" {
			return convErr(cmd, "a one-to-one conversation (Type 1) names the peer in To_Account (%q) and no ToGroupid", r.ToAccount)
		}
	case ConversationGroup:
		if r.ToGroupID == "" || r.ToAccount != "" {
			return convErr(cmd, "a group conversation (Type 2) names the group in ToGroupid and no To_Account")
		}
	default:
		return convErr(cmd, "Type %d is not 1 (one-to-one) or 2 (group)", r.Type)
	}
	if r.ClearRamble != 0 && r.ClearRamble != 1 {
		return convErr(cmd, "ClearRamble %d is not 0 (keep roaming messages) or 1 (clear them)", r.ClearRamble)
	}
	return nil
}

func convErr(command, format string, args ...any) error {
	return invalid(ServiceRecentContact, command, CodeConvInvalidParam, fmt.Sprintf(format, args...))
}

// ConversationService lists and deletes accounts' conversations
// (recentcontact). Reach it as Client.Conversations.
type ConversationService struct {
	c *Client
}

// Page asks one page of a conversation list (get_list) as req says;
// AssistFlags 0 is sent as ConversationsAll. req is checked first (50002,
// req.Validate); an account that is not imported is 50001
// (ErrAccountNotImported).
func (s *ConversationService) Page(ctx context.Context, req GetConversationListRequest) (*GetConversationListResponse, error) {
	if req.AssistFlags == 0 {
		req.AssistFlags = ConversationsAll
	}
	resp := &GetConversationListResponse{}
	if err := s.c.callValid(ctx, ServiceRecentContact, CommandGetConversationList, &req, resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// List walks account's conversations (get_list), page by page, pinned
// ones first, then by their last message, newest first. An account that
// is not imported is 50001 (ErrAccountNotImported). The first error is
// yielded last.
func (s *ConversationService) List(ctx context.Context, account string) iter.Seq2[ConversationItem, error] {
	return func(yield func(ConversationItem, error) bool) {
		req := GetConversationListRequest{FromAccount: account, AssistFlags: ConversationsAll}
		for {
			resp, err := s.Page(ctx, req)
			if err != nil {
				yield(ConversationItem{}, err)
				return
			}
			for _, it := range resp.SessionItem {
				if !yield(it, nil) {
					return
				}
			}
			next := GetConversationListRequest{FromAccount: account, AssistFlags: ConversationsAll,
				TimeStamp: resp.TimeStamp, StartIndex: resp.StartIndex, TopTimeStamp: resp.TopTimeStamp, TopStartIndex: resp.TopStartIndex}
			switch {
			case resp.CompleteFlag != 0 || len(resp.SessionItem) == 0:
				return
			case next == req:
				yield(ConversationItem{}, stuck(CommandGetConversationList, fmt.Sprintf("%d/%d", resp.TimeStamp, resp.StartIndex)))
				return
			}
			req = next
		}
	}
}

// Delete deletes a conversation from its account's list (delete), and
// with ClearRamble 1 its roaming messages for that account too (History
// then holds none of them for it; the peer keeps its own). A message
// after the deletion brings the conversation back. An account that is
// not imported is 50001. Sent once (not retried).
func (s *ConversationService) Delete(ctx context.Context, req *DeleteConversationRequest) error {
	if req == nil {
		return errors.New("restapi: Conversations.Delete needs a *DeleteConversationRequest with From_Account, Type and To_Account or ToGroupid")
	}
	return s.c.callValid(ctx, ServiceRecentContact, CommandDeleteConversation, req, nil)
}
