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
	if err := a.Validate(); err != nil {
		return err
	}
	return s.c.call(ctx, ServiceLogin, CommandAccountImport, &a, nil)
}

// ImportMany imports accounts with multiaccount_import, 100 per request,
// in order, and returns the UserIDs the service reported as not imported
// (FailAccounts). Every account is checked before anything is sent. When a
// request fails, the accounts of the requests before it are imported,
// those of it and after it are not, and the error is returned with the
// failures so far.
func (s *AccountService) ImportMany(ctx context.Context, accounts []Account) (failed []string, err error) {
	if len(accounts) == 0 {
		return nil, nil
	}
	err = inChunks(accounts, MaxAccountsPerRequest, func(chunk []Account) error {
		req := MultiAccountImportRequest{AccountList: chunk}
		return req.Validate()
	}, func(chunk []Account) error {
		req := MultiAccountImportRequest{AccountList: chunk}
		var resp MultiAccountImportResponse
		if err := s.c.call(ctx, ServiceLogin, CommandMultiAccountImport, &req, &resp); err != nil {
			return err
		}
		failed = append(failed, resp.FailAccounts...)
		return nil
	})
	return failed, err
}

// Check reports for each UserID whether it is imported (account_check,
// 100 per request), in the order given: AccountStatus is AccountImported
// or AccountNotImported. An empty UserID is refused before sending
// (70402).
func (s *AccountService) Check(ctx context.Context, userIDs ...string) ([]AccountCheckResult, error) {
	var out []AccountCheckResult
	err := batches(CommandAccountCheck, "CheckItem", userIDs, func(items []UserItem) error {
		req := AccountCheckRequest{CheckItem: items}
		var resp AccountCheckResponse
		if err := s.c.call(ctx, ServiceLogin, CommandAccountCheck, &req, &resp); err != nil {
			return err
		}
		out = append(out, resp.ResultItem...)
		return nil
	})
	return out, err
}

// Delete deletes accounts (account_delete, 100 per request) with their
// relation chains, profiles and group memberships, and returns one result
// per UserID: ResultCode 0 when deleted, 70107 when it was not imported.
// Trial apps may delete accounts by default; paid apps must allow it in
// the console first. A request retried after a network error reports the
// accounts its first attempt deleted as 70107.
func (s *AccountService) Delete(ctx context.Context, userIDs ...string) ([]AccountDeleteResult, error) {
	var out []AccountDeleteResult
	err := batches(CommandAccountDelete, "DeleteItem", userIDs, func(items []UserItem) error {
		req := AccountDeleteRequest{DeleteItem: items}
		var resp AccountDeleteResponse
		if err := s.c.call(ctx, ServiceLogin, CommandAccountDelete, &req, &resp); err != nil {
			return err
		}
		out = append(out, resp.ResultItem...)
		return nil
	})
	return out, err
}

// batches calls fn with the UserIDs as items, MaxAccountsPerRequest at a
// time; every batch is checked as the command's Validate does before the
// first call. No UserIDs is no call.
func batches(command, field string, userIDs []string, fn func([]UserItem) error) error {
	if len(userIDs) == 0 {
		return nil
	}
	items := make([]UserItem, len(userIDs))
	for i, id := range userIDs {
		items[i].UserID = id
	}
	return inChunks(items, MaxAccountsPerRequest, func(chunk []UserItem) error {
		return checkItems(command, field, chunk)
	}, fn)
}
