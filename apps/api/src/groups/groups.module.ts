import { Module } from '@nestjs/common';
import { AddMembershipHandler } from '../memberships/add-membership/add-membership.handler.js';
import { GroupMembersController } from '../memberships/group-members.controller.js';
import { RemoveMembershipHandler } from '../memberships/remove-membership/remove-membership.handler.js';
import { UserGroupsController } from '../memberships/user-groups.controller.js';
import { CreateGroupHandler } from './create-group/create-group.handler.js';
import { DeleteGroupHandler } from './delete-group/delete-group.handler.js';
import { GroupsController } from './groups.controller.js';
import { UpdateGroupHandler } from './update-group/update-group.handler.js';

/**
 * Groups and memberships (from both sides). Relies on the global infrastructure (write path,
 * read models, read-your-writes, `UserPresenter`) and on `CqrsModule.forRoot()` in the app module.
 */
@Module({
  controllers: [GroupsController, GroupMembersController, UserGroupsController],
  providers: [
    CreateGroupHandler,
    UpdateGroupHandler,
    DeleteGroupHandler,
    AddMembershipHandler,
    RemoveMembershipHandler,
  ],
})
export class GroupsModule {}
