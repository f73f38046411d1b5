package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/tags"
)

// adminsAndTags adds an account administrator to the app, tags it, and
// finds it again by tag.
func adminsAndTags(ctx context.Context, console *imconsole.Console, sdkAppID uint64) error {
	step(consoleOnly, "add an app admin")
	if _, err := console.Admins.Add(ctx, sdkAppID, "ops-bot"); err != nil {
		return err
	}
	list, err := console.Admins.List(ctx, sdkAppID)
	if err != nil {
		return err
	}
	var ids []string
	for _, a := range list {
		ids = append(ids, a.UserID)
	}
	fmt.Printf("  admins: %s (administrator is the default and cannot be removed)\n", strings.Join(ids, ", "))

	step(tencentCloud, "who the credentials belong to (cam GetUserAppId)")
	account, err := console.Client.Account(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("  OwnerUin %s, AppId %d\n", account.OwnerUin, account.AppID)

	step(tencentCloud, "tag the app (the Tag API)")
	ts, err := console.Tags.Set(ctx, sdkAppID, tags.FromMap(map[string]string{"env": "demo", "team": "im"}))
	if err != nil {
		return err
	}
	fmt.Printf("  tags: %v\n", tags.ToMap(ts))
	step(consoleOnly, "list the apps tagged env=demo")
	page, err := console.Apps.List(ctx, &apps.ListOptions{TagFilters: []apps.TagFilter{{TagKey: "env", TagValues: []string{"demo"}}}})
	if err != nil {
		return err
	}
	fmt.Printf("  apps tagged env=demo: %d\n", page.TotalCount)
	return nil
}
