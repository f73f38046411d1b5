package restapi

import (
	"context"
)

// AccountService imports, checks and deletes accounts
// (im_open_login_svc). Reach it as Client.Accounts.
type AccountService struct {
	c *Client
}

// Import imports one account (account_import) so it can log in, or updates
// the Nick and FaceURL of one already imported. It is checked locally
// first (70402 for a bad UserID, 40601 for a profile value over 500
// bytes). A trial app holds at most 100 accounts (70398,
// ErrLimitExceeded); a non-admin identifier fails with 70403
// (ErrNotAdmin).
func (s *AccountService) Import(ctx context.Context, a Account) error {
	return s.c.callValid(ctx, ServiceLogin, CommandAccountImport, &a, nil)
}

// ImportMany imports accounts with multiaccount_import, 100 per request,
// in order, and returns the UserIDs the service reported as not imported
// (FailAccounts). Every account is checked before anything is sent. When a
// request fails, the accounts of the requests before it are imported,
// those after it are not, and the error is returned with the failures so
// far; the failing request's own accounts are not imported when the
// service refused it (70398, say), and may be when its answers were lost
// (it is resent, being harmless to repeat, until the retries run out).
func (s *AccountService) ImportMany(ctx context.Context, accounts []Account) (failed []string, err error) {
	if len(accounts) == 0 {
		return nil, nil
	}
	build := func(chunk []Account) *MultiAccountImportRequest {
		return &MultiAccountImportRequest{AccountList: chunk}
	}
	fails := func(resp *MultiAccountImportResponse) []string { return resp.FailAccounts }
	return collect(ctx, s.c, ServiceLogin, CommandMultiAccountImport, accounts, MaxAccountsPerRequest, build, fails)
}

// Check reports for each UserID whether it is imported (account_check,
// 100 per request), in the order given: AccountStatus is AccountImported
// or AccountNotImported. An empty UserID is refused before sending
// (70402).
func (s *AccountService) Check(ctx context.Context, userIDs ...string) ([]AccountCheckResult, error) {
	return collectUsers(ctx, s.c, CommandAccountCheck, userIDs,
		func(items []UserItem) *AccountCheckRequest { return &AccountCheckRequest{CheckItem: items} },
		func(resp *AccountCheckResponse) []AccountCheckResult { return resp.ResultItem })
}

// Delete deletes accounts (account_delete, 100 per request) with their
// relation chains, profiles and group memberships, and returns one result
// per UserID: ResultCode 0 when deleted, 70107 when it was not imported.
// Trial apps may delete accounts by default; paid apps must allow it in
// the console first, and cannot import a deleted UserID again for three
// months (imtest does not model either rule). account_delete is not
// resent after a network error or an HTTP 5xx, as its first attempt may
// have been applied: Delete fails, and Check tells which accounts are
// left.
func (s *AccountService) Delete(ctx context.Context, userIDs ...string) ([]AccountDeleteResult, error) {
	return collectUsers(ctx, s.c, CommandAccountDelete, userIDs,
		func(items []UserItem) *AccountDeleteRequest { return &AccountDeleteRequest{DeleteItem: items} },
		func(resp *AccountDeleteResponse) []AccountDeleteResult { return resp.ResultItem })
}

// collectUsers does account_check or account_delete (command) for
// userIDs: as UserItems, MaxAccountsPerRequest per request, with build and
// results as collect takes them. No UserIDs sends nothing and returns
// nothing.
func collectUsers[Req validator, Resp, R any](ctx context.Context, c *Client, command string, userIDs []string, build func([]UserItem) Req, results func(*Resp) []R) ([]R, error) {
	if len(userIDs) == 0 {
		return nil, nil
	}
	items := make([]UserItem, len(userIDs))
	for i, id := range userIDs {
		items[i].UserID = id
	}
	return collect(ctx, c, ServiceLogin, command, items, MaxAccountsPerRequest, build, results)
}
