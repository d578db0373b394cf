import { Module } from '@nestjs/common';
import { CreateGroupHandler } from './create-group/create-group.handler.js';
import { DeleteGroupHandler } from './delete-group/delete-group.handler.js';
import { GroupsController } from './groups.controller.js';
import { UpdateGroupHandler } from './update-group/update-group.handler.js';

/**
 * Groups. Relies on the global infrastructure (write path, read models, read-your-writes) and on
 * `CqrsModule.forRoot()` in the app module.
 */
@Module({
  controllers: [GroupsController],
  providers: [CreateGroupHandler, UpdateGroupHandler, DeleteGroupHandler],
})
export class GroupsModule {}
