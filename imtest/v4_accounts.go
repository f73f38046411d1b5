package imtest

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/imconsole/imconsole/restapi"
)

// v4AccountImport imports or updates one account; the body's UserID may
// be written with its legacy name Identifier (accountBody).
func (s *Server) v4AccountImport(c *v4Call, req *accountBody) (any, error) {
	if err := c.app.v4.checkRoom(c.app, []restapi.Account{req.Account}); err != nil {
		return nil, err
	}
	c.app.v4.importAccount(req.Account, c)
	return nil, nil
}

// v4MultiAccountImport imports or updates up to 100 accounts, all or none
// (a trial app over its 100 accounts fails as a whole with 70398); the
// older body {"Accounts":[...]} is read as AccountList (multiAccountBody).
func (s *Server) v4MultiAccountImport(c *v4Call, req *multiAccountBody) (any, error) {
	if err := c.app.v4.checkRoom(c.app, req.AccountList); err != nil {
		return nil, err
	}
	for _, a := range req.AccountList {
		c.app.v4.importAccount(a, c)
	}
	return restapi.MultiAccountImportResponse{}, nil
}

// checkRoom refuses an import that would take a free app (Trial, or a
// TRTC trial, which is an IM trial app: 1715/104123) over its 100
// accounts.
func (st *v4State) checkRoom(a *appState, accounts []restapi.Account) error {
	if a.app.Edition.Paid() {
		return nil
	}
	fresh := map[string]bool{}
	for _, acc := range accounts {
		if st.accounts[acc.UserID] == nil {
			fresh[acc.UserID] = true
		}
	}
	if n := len(st.accounts) + len(fresh); n > restapi.MaxTrialAccounts {
		return v4Err(restapi.CodeAccountLimit, "trial app %d holds at most %d accounts, and this import would make %d", a.app.SDKAppID, restapi.MaxTrialAccounts, n)
	}
	return nil
}

// importAccount imports a or updates its profile: an existing account
// takes the Nick and FaceUrl given ("updated with new Nick/FaceUrl") and
// keeps those left out or empty, so an import that only makes sure an
// account exists does not clear a profile portrait_set wrote.
func (st *v4State) importAccount(a restapi.Account, c *v4Call) {
	if acc := st.accounts[a.UserID]; acc != nil {
		acc.nick, acc.faceURL = cmp.Or(a.Nick, acc.nick), cmp.Or(a.FaceURL, acc.faceURL)
		return
	}
	st.accounts[a.UserID] = &v4Account{nick: a.Nick, faceURL: a.FaceURL, importedAt: c.now}
	st.order = append(st.order, a.UserID)
}

func (s *Server) v4AccountCheck(c *v4Call, req *restapi.AccountCheckRequest) (any, error) {
	resp := restapi.AccountCheckResponse{ResultItem: make([]restapi.AccountCheckResult, len(req.CheckItem))}
	for i, it := range req.CheckItem {
		status := restapi.AccountNotImported
		if c.app.v4.accounts[it.UserID] != nil {
			status = restapi.AccountImported
		}
		resp.ResultItem[i] = restapi.AccountCheckResult{UserID: it.UserID, AccountStatus: status}
	}
	return resp, nil
}

// v4AccountDelete deletes accounts and takes them out of their groups
// (as members, and as owners: the group is left without one).
func (s *Server) v4AccountDelete(c *v4Call, req *restapi.AccountDeleteRequest) (any, error) {
	st := &c.app.v4
	resp := restapi.AccountDeleteResponse{ResultItem: make([]restapi.AccountDeleteResult, len(req.DeleteItem))}
	for i, it := range req.DeleteItem {
		r := restapi.AccountDeleteResult{UserID: it.UserID}
		if st.accounts[it.UserID] == nil {
			r.ResultCode, r.ResultInfo = restapi.CodeNotImported, "Err_TLS_PT_Open_Login_Account_Not_Exist"
		} else {
			st.deleteAccount(it.UserID)
		}
		resp.ResultItem[i] = r
	}
	return resp, nil
}

func (st *v4State) deleteAccount(userID string) {
	delete(st.accounts, userID)
	// Deletion removes the account's relation chain, profile and status too
	// (Tencent: "删除账号会删除关系链、资料、群组、会话").
	delete(st.presence, userID)
	delete(st.profiles, userID)
	delete(st.friends, userID)
	delete(st.mutes, userID)
	delete(st.lists, userID)
	st.forgetBlackLists(userID)
	for other, list := range st.friends {
		st.friends[other] = slices.DeleteFunc(list, func(f restapi.Friend) bool { return f.UserID == userID })
	}
	st.order = slices.DeleteFunc(st.order, func(id string) bool { return id == userID })
	// Its one-to-one conversations leave its list, roaming and unread
	// count (the peers keep theirs), and its group conversation deletes are
	// forgotten with its memberships.
	for k, conv := range st.msgs.convs {
		if k[0] == userID || k[1] == userID {
			conv.hide(userID, true)
			for _, m := range conv.msgs {
				m.read = m.read || m.msg.ToAccount == userID
			}
		}
	}
	delete(st.msgs.groupConvs, userID)
	for _, g := range st.groups {
		g.members = slices.DeleteFunc(g.members, func(m restapi.GroupMemberInfo) bool { return m.MemberAccount == userID })
		delete(g.mutes, userID)
		if g.topics != nil {
			for i := range g.topics.list {
				delete(g.topics.list[i].mutes, userID)
			}
		}
		if g.info.OwnerAccount == userID {
			g.info.OwnerAccount = ""
		}
	}
}

// ImportAccounts imports accounts into an app's REST API state directly,
// bypassing the API, its admin check and the trial limit: seeding for
// tests. It fails for an unknown app or an invalid UserID.
func (s *Server) ImportAccounts(sdkAppID uint64, userIDs ...string) error {
	return s.editApp("ImportAccounts", sdkAppID, func(a *appState, now time.Time) error {
		c := &v4Call{app: a, now: now}
		for _, id := range userIDs {
			acc := restapi.Account{UserID: id}
			if err := acc.Validate(); err != nil {
				return fmt.Errorf("imtest: ImportAccounts: %w", err)
			}
			a.v4.importAccount(acc, c)
		}
		return nil
	})
}

// ImportedAccounts returns the UserIDs imported into an app through the
// REST API (or ImportAccounts), in import order. It panics for an unknown
// app.
func (s *Server) ImportedAccounts(sdkAppID uint64) []string {
	return readV4(s, "ImportedAccounts", sdkAppID, func(st *v4State, _ time.Time) []string { return slices.Clone(st.order) })
}
